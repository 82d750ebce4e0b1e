package io.github.ibmb4j.cli;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.ibmb4j.batching.BatchingMethod;
import io.github.ibmb4j.batching.ClusterGcnMethod;
import io.github.ibmb4j.batching.FullGraphMethod;
import io.github.ibmb4j.batching.IbmbBatchMethod;
import io.github.ibmb4j.batching.IbmbNodeMethod;
import io.github.ibmb4j.batching.LadiesMethod;
import io.github.ibmb4j.batching.NeighborMethod;
import io.github.ibmb4j.batching.RandFixMethod;
import io.github.ibmb4j.batching.RandMethod;
import io.github.ibmb4j.batching.SaintRwMethod;
import io.github.ibmb4j.batching.ShadowMethod;
import io.github.ibmb4j.experiment.RunRecord;
import io.github.ibmb4j.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code record.json}: a {@link RunRecord} as JSON (its component names are the field names), written
 * atomically and read back typed. Records written before {@code formatVersion} existed (version 1)
 * read as well: their fields are the same, unknown ones (their {@code summary}) are skipped and the
 * configuration is the one given then (with 0 for defaults; the training method's options read from
 * its flat fields where the names match, the others keep their defaults). A record from a newer format is a
 * one-line error.
 */
final class RunRecordFile {
  private RunRecordFile() {}

  /**
   * How a {@link BatchingMethod} record appears in JSON: its components plus {@code "method"}, the
   * method's name, which selects the record when reading (the field name of the flat options of
   * format 1, so their method reads back too; options stored elsewhere then keep their defaults).
   */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "method")
  @JsonSubTypes({
      @JsonSubTypes.Type(value = IbmbNodeMethod.class, name = IbmbNodeMethod.NAME),
      @JsonSubTypes.Type(value = IbmbBatchMethod.class, name = IbmbBatchMethod.NAME),
      @JsonSubTypes.Type(value = ClusterGcnMethod.class, name = ClusterGcnMethod.NAME),
      @JsonSubTypes.Type(value = SaintRwMethod.class, name = SaintRwMethod.NAME),
      @JsonSubTypes.Type(value = NeighborMethod.class, name = NeighborMethod.NAME),
      @JsonSubTypes.Type(value = LadiesMethod.class, name = LadiesMethod.NAME),
      @JsonSubTypes.Type(value = ShadowMethod.class, name = ShadowMethod.NAME),
      @JsonSubTypes.Type(value = RandMethod.class, name = RandMethod.NAME),
      @JsonSubTypes.Type(value = RandFixMethod.class, name = RandFixMethod.NAME),
      @JsonSubTypes.Type(value = FullGraphMethod.class, name = FullGraphMethod.NAME)})
  private interface MethodJson {}

  private static final ObjectMapper MAPPER = RunConfig.MAPPER.copy()
      .addMixIn(BatchingMethod.class, MethodJson.class)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private static final ObjectReader READER = MAPPER.readerFor(RunRecord.class)
      .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .with(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS);

  /** Writes {@code dir/record.json} atomically. */
  static void write(Path dir, RunRecord record) throws IOException {
    AtomicFiles.write(dir.resolve(RunDirectory.RECORD), MAPPER.writeValueAsBytes(record));
  }

  /**
   * Reads {@code dir/record.json}.
   *
   * @throws UserInputException (one line naming the file) if it is missing, malformed or newer
   */
  static RunRecord read(Path dir) throws IOException {
    Path f = dir.resolve(RunDirectory.RECORD);
    if (!Files.isRegularFile(f)) {
      throw new NoSuchFileException(f + " (no run record: the run did not finish)");
    }
    RunRecord r;
    try {
      r = READER.readValue(f.toFile());
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new UserInputException(f + ": malformed run record: " + e.getOriginalMessage());
    }
    int version = r.formatVersion() == 0 ? 1 : r.formatVersion();
    if (version > RunRecord.FORMAT_VERSION) {
      throw new UserInputException(f + ": run record format " + version + ", this ibmb reads up to "
          + RunRecord.FORMAT_VERSION + " (written by a newer version)");
    }
    if (r.config() == null || r.metrics() == null || r.timings() == null) {
      throw new UserInputException(f + ": run record lacks its config, timings or metrics");
    }
    return r.formatVersion() == version ? r : new RunRecord(version, r.provenance(), r.dataset(),
        r.config(), r.modelSpec(), r.parameters(), r.timings(), r.memory(), r.curve(), r.metrics());
  }

  /** What {@code ibmb train} prints (and {@code --json} emits) for a finished run. */
  static Map<String, Object> summary(RunRecord r, Path runDir, List<Path> plots) {
    String method = r.method();
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("dataset", r.dataset().name());
    s.put("model", r.modelSpec().type().id());
    s.put("method", method);
    s.put("epochs", r.curve().size());
    s.put("bestEpoch", r.metrics().bestEpoch());
    s.put("valAccuracy", r.metrics().valAccuracy());
    s.put("testAccuracy", r.test("ibmb-node").accuracy());
    s.put("testAccuracyFull", r.test("full").accuracy());
    s.put("testAccuracySelf", r.test(method).accuracy());
    s.put("testMacroF1", r.test("ibmb-node").macroF1());
    s.put("epochSeconds", r.timings().trainEpochMean());
    s.put("inferenceSeconds", r.timings().inference());
    Map<String, Object> byMethod = new LinkedHashMap<>();
    r.metrics().test().forEach((m, t) -> {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("accuracy", t.accuracy());
      e.put("macroF1", t.macroF1());
      e.put("seconds", t.seconds());
      var prep = r.timings().preparationBySplit().get("test/" + m);
      e.put("preparationSeconds", prep == null ? Double.NaN : prep.total());
      byMethod.put(m, e);
    });
    s.put("testByMethod", byMethod);
    s.put("runDir", runDir.toString());
    s.put("plot", plots.isEmpty() ? null : plots.get(0).toString());
    return s;
  }

}
