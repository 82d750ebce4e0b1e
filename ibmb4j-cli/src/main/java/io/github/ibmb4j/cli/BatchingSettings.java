package io.github.ibmb4j.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.github.ibmb4j.batching.BatchMaterializer;
import io.github.ibmb4j.batching.BatchingMethod;
import io.github.ibmb4j.batching.FullGraphMethod;
import io.github.ibmb4j.batching.IbmbNodeMethod;
import io.github.ibmb4j.batching.NeighborMethod;
import io.github.ibmb4j.experiment.TrainingRun;
import io.github.ibmb4j.graph.Normalization;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The batching flags of a command line as given (0 or empty = the method's default), in the form a
 * run directory's {@code config.json} stores them: the training method, the seed, normalisation and
 * schedule, and every {@link MethodOptionGroup}'s flags. One set of flags serves every method of a
 * run (training, validation, test inference), so {@link #method(String)} maps them onto the typed
 * {@link BatchingMethod} of any method name; each method reads only its own options. Immutable.
 *
 * <p>JSON: {@code method}, each top-level group's fields, {@code seed}, {@code normalization},
 * {@code schedule}, then a {@code sampler} object with the fields of the groups that
 * {@linkplain MethodOptionGroup#inSamplerSection() live there}; a missing key is 0 or empty, an
 * unknown key is an error, and {@code layers} (stored by earlier versions: the model's layer count
 * now comes from the model) is ignored.
 */
@JsonSerialize(using = BatchingSettings.Writer.class)
@JsonDeserialize(using = BatchingSettings.Reader.class)
public final class BatchingSettings {
  private final String method;
  private final long seed;
  private final Normalization normalization;
  private final String schedule;
  private final List<MethodOptionGroup> groups;

  /**
   * @param method the training method
   * @param seed seed of the methods' random choices
   * @param normalization adjacency normalisation of batches and full-graph inference ({@code null} =
   *     the default)
   * @param schedule order of fixed training batches ({@code null} = {@code order})
   * @param groups one instance of each of {@link MethodOptions#GROUPS} (copied)
   * @throws IllegalArgumentException for an unknown method name
   */
  public BatchingSettings(String method, long seed, Normalization normalization, String schedule,
      List<MethodOptionGroup> groups) {
    this.method = BatchingMethod.checkName(method);
    this.seed = seed;
    this.normalization = normalization == null ? BatchMaterializer.DEFAULT_NORMALIZATION : normalization;
    this.schedule = schedule == null ? "order" : schedule;
    this.groups = groups.stream().map(MethodOptions::copy).toList();
  }

  /** Every default, for {@code method} with {@code seed}. */
  public static BatchingSettings defaults(String method, long seed) {
    return new BatchingSettings(method, seed, null, null, MethodOptions.defaults());
  }

  /** The training method's name. */
  public String method() {
    return method;
  }

  /** Seed of the methods' random choices. */
  public long seed() {
    return seed;
  }

  /** Adjacency normalisation of batches and full-graph inference. */
  public Normalization normalization() {
    return normalization;
  }

  /** Order of fixed training batches. */
  public String schedule() {
    return schedule;
  }

  /** The flags of one option group (read them, never change them). */
  public <G extends MethodOptionGroup> G group(Class<G> type) {
    for (MethodOptionGroup g : groups) {
      if (type.isInstance(g)) {
        return type.cast(g);
      }
    }
    throw new IllegalArgumentException("no option group " + type.getSimpleName());
  }

  /** The training method. */
  public BatchingMethod trainingMethod() {
    return method(method);
  }

  /**
   * The method called {@code name} with these flags; a method no group serves has no flags and
   * gets its defaults.
   *
   * @throws IllegalArgumentException for an unknown name or an invalid option
   */
  public BatchingMethod method(String name) {
    BatchingMethod.checkName(name);
    for (MethodOptionGroup g : groups) {
      if (g.methods().contains(name)) {
        return g.method(name, this);
      }
    }
    return BatchingMethod.defaults(name, seed);
  }

  /**
   * A training run's batching: this method for training, {@code validationMethod} for validation,
   * and test inference with the method itself, node-wise IBMB, the full graph and neighbour sampling,
   * all with these flags.
   */
  public TrainingRun.Batching run(String validationMethod) {
    return new TrainingRun.Batching(trainingMethod(), schedule, method(validationMethod),
        TrainingRun.Batching.testMethods(trainingMethod(), method(IbmbNodeMethod.NAME),
            FullGraphMethod.INSTANCE, method(NeighborMethod.NAME)), normalization);
  }

  static final class Writer extends StdSerializer<BatchingSettings> {
    Writer() {
      super(BatchingSettings.class);
    }

    @Override
    public void serialize(BatchingSettings s, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeStartObject();
      gen.writeStringField("method", s.method);
      writeGroups(s, false, gen);
      gen.writeNumberField("seed", s.seed);
      gen.writeObjectField("normalization", s.normalization);
      gen.writeStringField("schedule", s.schedule);
      gen.writeObjectFieldStart("sampler");
      writeGroups(s, true, gen);
      gen.writeEndObject();
      gen.writeEndObject();
    }

    private static void writeGroups(BatchingSettings s, boolean sampler, JsonGenerator gen)
        throws IOException {
      for (MethodOptionGroup g : s.groups) {
        if (g.inSamplerSection() == sampler) {
          for (Field f : MethodOptions.options(g)) {
            gen.writeObjectField(f.getName(), MethodOptions.get(f, g));
          }
        }
      }
    }
  }

  static final class Reader extends StdDeserializer<BatchingSettings> {
    private static final Set<String> OWN = Set.of("method", "seed", "normalization", "schedule",
        "sampler", "layers");

    Reader() {
      super(BatchingSettings.class);
    }

    @Override
    public BatchingSettings deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonNode node = ctxt.readTree(p);
      if (!(node instanceof ObjectNode top)) {
        throw ctxt.weirdNativeValueException(node, BatchingSettings.class);
      }
      List<MethodOptionGroup> groups = MethodOptions.empty();
      JsonNode samplerNode = top.path("sampler");
      readGroups(top, groups, false, OWN, ctxt);
      if (samplerNode instanceof ObjectNode sampler) {
        readGroups(sampler, groups, true, Set.of(), ctxt);
      }
      if (!top.hasNonNull("method")) {
        return ctxt.reportInputMismatch(BatchingSettings.class, "batching: 'method' is missing");
      }
      try {
        return new BatchingSettings(text(top, "method", ctxt),
            top.hasNonNull("seed") ? ctxt.readTreeAsValue(top.get("seed"), Long.class) : 0,
            top.hasNonNull("normalization")
                ? ctxt.readTreeAsValue(top.get("normalization"), Normalization.class) : null,
            top.hasNonNull("schedule") ? text(top, "schedule", ctxt) : null, groups);
      } catch (IllegalArgumentException e) {
        throw ctxt.weirdStringException(top.path("method").asText(), BatchingSettings.class,
            e.getMessage());
      }
    }

    private static String text(ObjectNode node, String key, DeserializationContext ctxt)
        throws IOException {
      return ctxt.readTreeAsValue(node.path(key), String.class);
    }

    /** Sets the groups' fields from {@code node}'s keys; a key no one reads is an error. */
    private static void readGroups(ObjectNode node, List<MethodOptionGroup> groups, boolean sampler,
        Set<String> others, DeserializationContext ctxt) throws IOException {
      List<String> known = new ArrayList<>(others);
      for (MethodOptionGroup g : groups) {
        if (g.inSamplerSection() != sampler) {
          continue;
        }
        for (Field f : MethodOptions.options(g)) {
          known.add(f.getName());
          JsonNode v = node.get(f.getName());
          if (v != null && !v.isNull()) {
            MethodOptions.set(f, g,
                ctxt.readTreeAsValue(v, ctxt.getTypeFactory().constructType(f.getGenericType())));
          } else {
            MethodOptions.set(f, g, MethodOptions.get(f, g)); // a list's null becomes empty
          }
        }
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        String key = it.next().getKey();
        if (!known.contains(key)) {
          throw ctxt.weirdKeyException(BatchingSettings.class, key,
              "unknown batching option, expected one of " + String.join(", ", known));
        }
      }
    }
  }
}
