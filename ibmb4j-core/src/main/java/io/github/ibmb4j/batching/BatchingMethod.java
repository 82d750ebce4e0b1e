package io.github.ibmb4j.batching;

import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.progress.ProgressListener;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.LongFunction;

/**
 * A batching method with its options: one record per method, each validating its options in its
 * compact constructor. A component left at 0 (or empty) means "the method's default", and the
 * defaults depend only on the graph and on the model the batches are for ({@link Model}: its graph
 * layers and its largest default output target); {@link #resolve} fills them in.
 *
 * <p>A method prepares one output set ({@link #prepare}) into a {@link Preparation}: either a fixed
 * {@link BatchPlan} (materialised once and cached) or a {@link BatchSampler} that draws the topology of
 * fresh batches every epoch
 * from a seed derived from (seed, epoch) and is never cached. Evaluation requests of sampling methods
 * are served with the sampler's epoch 0 or with a fixed evaluation variant.
 *
 * <p>Batch-cache keys and provenance use {@link #canonical()}: the method name, the
 * {@link #DESCRIPTION_VERSION} and every option as {@code key=value} in a fixed order, so that a key
 * changes exactly when an option that shapes the batches changes. Records are immutable and
 * thread-safe; {@link #prepare} is deterministic for the options and the request.
 */
public sealed interface BatchingMethod permits IbmbNodeMethod, IbmbBatchMethod, ClusterGcnMethod,
    RandFixMethod, RandMethod, SaintRwMethod, NeighborMethod, LadiesMethod, ShadowMethod,
    FullGraphMethod {

  /** Version of the canonical description; raise it when a method's batches change for the same options. */
  int DESCRIPTION_VERSION = 1;

  /**
   * A method's name and its record with all defaults for a seed (ignored by deterministic methods).
   *
   * @param name the method name ({@link #name()} of its records)
   * @param defaults the record with all defaults
   */
  record Registration(String name, LongFunction<BatchingMethod> defaults) {}

  /**
   * Every method, one line each, in the order the paper introduces them. The record's {@code NAME} is
   * a compile-time constant and its defaults a method reference, so reading this list initialises no
   * record class (a record's own static field here would be {@code null} while that record class
   * initialises, since initialising a record first initialises this interface).
   */
  List<Registration> REGISTRY = List.of(
      new Registration(IbmbNodeMethod.NAME, IbmbNodeMethod::defaults),
      new Registration(IbmbBatchMethod.NAME, IbmbBatchMethod::defaults),
      new Registration(ClusterGcnMethod.NAME, ClusterGcnMethod::defaults),
      new Registration(SaintRwMethod.NAME, SaintRwMethod::defaults),
      new Registration(NeighborMethod.NAME, NeighborMethod::defaults),
      new Registration(LadiesMethod.NAME, LadiesMethod::defaults),
      new Registration(ShadowMethod.NAME, ShadowMethod::defaults),
      new Registration(RandMethod.NAME, RandMethod::defaults),
      new Registration(RandFixMethod.NAME, RandFixMethod::defaults),
      new Registration(FullGraphMethod.NAME, FullGraphMethod::defaults));

  /** Every method name, in the order of {@link #REGISTRY}. */
  List<String> NAMES = REGISTRY.stream().map(Registration::name).toList();

  /**
   * The model the batches are for, as far as batching defaults depend on it.
   *
   * @param layers graph layers (layer-wise samplers build one block per layer), ≥ 1
   * @param maxOutputsPerBatch the largest default output target (§2.3: 9000; GAT 4000, its
   *     activations are wider), ≥ 1
   */
  record Model(int layers, int maxOutputsPerBatch) {
    /** Three graph layers and the paper's 9000 outputs per batch. */
    public static final Model DEFAULT = new Model(3, 9000);

    public Model {
      if (layers < 1) {
        throw new IllegalArgumentException("layers is " + layers + ", expected >= 1");
      }
      if (maxOutputsPerBatch < 1) {
        throw new IllegalArgumentException(
            "maximum outputs per batch is " + maxOutputsPerBatch + ", expected >= 1");
      }
    }

    /** The same model with another layer count. */
    public Model withLayers(int l) {
      return new Model(l, maxOutputsPerBatch);
    }
  }

  /**
   * What preparing one output set needs.
   *
   * @param graph the preprocessed graph (symmetric, self-loop on every node)
   * @param model the model the batches are for
   * @param outputs sorted output nodes
   * @param evaluation whether the batches are for evaluation (val/test: larger batches, own part
   *     counts, no reshuffling)
   * @param materializer the graph's normalised values, for samplers whose choices depend on them
   *     (LADIES), and the arrays of fixed plans
   * @param progress progress listener
   */
  record Request(CsrGraph graph, Model model, int[] outputs, boolean evaluation,
      BatchMaterializer materializer, ProgressListener progress) {
    public Request {
      java.util.Objects.requireNonNull(graph, "graph");
      java.util.Objects.requireNonNull(model, "model");
      java.util.Objects.requireNonNull(outputs, "outputs");
      java.util.Objects.requireNonNull(materializer, "materializer");
      progress = progress == null ? ProgressListener.NONE : progress;
    }
  }

  /** The method's name (ibmb-node, cluster-gcn, neighbor, ...). */
  String name();

  /**
   * Whether training batches are drawn afresh every epoch (such batches are never cached); false
   * unless the method samples (its {@link #prepare} returns a {@link Preparation.Sampler}).
   */
  default boolean samplesEveryEpoch() {
    return false;
  }

  /** These options with every default filled in for {@code graph} and {@code model}. */
  BatchingMethod resolve(CsrGraph graph, Model model);

  /**
   * The canonical description {@code name/vN{key=value,...}} of these options (resolve first to
   * describe the options in effect): batch-cache keys and provenance.
   */
  String canonical();

  /** The options as one readable line (resolve first to show the values in effect). */
  String settings();

  /** Plans (or sets up the sampler for) one output set. */
  Preparation prepare(Request request);

  /**
   * The normalised cap on output nodes per batch these options imply for {@code numOutputs}
   * outputs, if the method has one.
   */
  default OptionalInt outputCap(int numOutputs, boolean evaluation, CsrGraph graph, Model model) {
    return OptionalInt.empty();
  }

  /**
   * The method called {@code name} with all defaults.
   *
   * @param seed seed of the method's random choices (ignored by deterministic methods)
   * @throws IllegalArgumentException naming the known methods if there is none
   */
  static BatchingMethod defaults(String name, long seed) {
    checkName(name);
    for (Registration r : REGISTRY) {
      if (r.name().equals(name)) {
        return r.defaults().apply(seed);
      }
    }
    throw new AssertionError(name);
  }

  /**
   * {@code name} if it names a method.
   *
   * @throws IllegalArgumentException naming the known methods otherwise
   */
  static String checkName(String name) {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException(
          "batching method is '" + name + "', expected one of " + String.join(", ", NAMES));
    }
    return name;
  }

  /**
   * Builds {@code name/vN{k1=v1,k2=v2,...}} from alternating keys and values; doubles in
   * {@link Double#toString} form, int arrays as {@code [a,b,c]}.
   */
  static String canonical(String name, Object... keyValues) {
    StringBuilder sb = new StringBuilder(name).append("/v").append(DESCRIPTION_VERSION).append('{');
    for (int i = 0; i < keyValues.length; i += 2) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(keyValues[i]).append('=');
      Object v = keyValues[i + 1];
      if (v instanceof int[] a) {
        sb.append('[');
        for (int j = 0; j < a.length; j++) {
          sb.append(j > 0 ? "," : "").append(a[j]);
        }
        sb.append(']');
      } else {
        sb.append(v);
      }
    }
    return sb.append('}').toString();
  }
}
