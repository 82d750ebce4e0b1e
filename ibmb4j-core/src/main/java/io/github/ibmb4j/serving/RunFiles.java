package io.github.ibmb4j.serving;

import io.github.ibmb4j.data.BinaryDatasetFormat;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.Datasets;
import io.github.ibmb4j.data.FeatureProjection;
import io.github.ibmb4j.data.Split;
import io.github.ibmb4j.data.Splits;
import io.github.ibmb4j.batching.IbmbNodeMethod;
import io.github.ibmb4j.graph.Normalization;
import io.github.ibmb4j.model.MiniJson;
import io.github.ibmb4j.progress.ProgressListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a predictor needs from a run directory written by {@code ibmb train}: the dataset settings and
 * the batching options of {@code config.json}, and a summary of {@code record.json}. Read with the
 * core's small JSON reader; a missing or malformed file is an {@link IOException} naming it.
 *
 * @param dir the run directory
 * @param dataset the dataset as given to training (path or spec)
 * @param splitIndex the split set used
 * @param splitSeed seed of a random split replacing the file's, or null
 * @param splitFractions train and validation fractions of that split ("0.6,0.2"), or null
 * @param projectFeatures dimensions of a random feature projection, or null
 * @param projectionSeed its seed
 * @param method the training batching method
 * @param ibmbNode the run's node-wise IBMB settings (its PPR and batch flags; defaults where unset)
 * @param normalization the adjacency normalisation of the run
 * @param record the run record (empty when absent)
 */
public record RunFiles(Path dir, String dataset, int splitIndex, Long splitSeed,
    String splitFractions, Integer projectFeatures, long projectionSeed, String method,
    IbmbNodeMethod ibmbNode, Normalization normalization, Map<String, Object> record) {

  /** The configuration file. */
  public static final String CONFIG = "config.json";
  /** The checkpoint of the selected model. */
  public static final String CHECKPOINT = "model.safetensors";
  /** The run record. */
  public static final String RECORD = "record.json";

  /** Reads {@code dir/config.json} (required) and {@code dir/record.json} (optional). */
  @SuppressWarnings("unchecked")
  public static RunFiles read(Path dir) throws IOException {
    Path f = dir.resolve(CONFIG);
    if (!Files.isRegularFile(f)) {
      throw new NoSuchFileException(f + " (not a run directory written by 'ibmb train')");
    }
    if (!Files.isRegularFile(dir.resolve(CHECKPOINT))) {
      throw new NoSuchFileException(dir.resolve(CHECKPOINT) + " (the run has no trained model yet)");
    }
    try {
      Map<String, Object> c = (Map<String, Object>) MiniJson.parse(Files.readString(f,
          StandardCharsets.UTF_8));
      Map<String, Object> d = (Map<String, Object>) c.get("dataset");
      Map<String, Object> b = (Map<String, Object>) c.get("batching");
      IbmbNodeMethod def = IbmbNodeMethod.DEFAULTS;
      IbmbNodeMethod ibmb = new IbmbNodeMethod((int) num(b, "topk", def.topk()),
          num(b, "alpha", def.alpha()), num(b, "eps", def.eps()),
          (int) num(b, "outputsPerBatch", 0), (int) num(b, "auxPerBatch", 0));
      Normalization norm = Normalization.valueOf(str(b, "normalization", "RW")
          .toUpperCase(Locale.ROOT));
      Object seed = d.get("splitSeed");
      Object proj = d.get("projectFeatures");
      Map<String, Object> record = Map.of();
      Path r = dir.resolve(RECORD);
      if (Files.isRegularFile(r)) {
        Object parsed = MiniJson.parse(Files.readString(r, StandardCharsets.UTF_8));
        if (parsed instanceof Map<?, ?> m) {
          record = (Map<String, Object>) m;
        }
      }
      return new RunFiles(dir, str(d, "dataset", null), (int) num(d, "splitIndex", 0),
          seed == null ? null : ((Number) seed).longValue(), (String) d.get("splitFractions"),
          proj == null ? null : ((Number) proj).intValue(), (long) num(d, "projectionSeed", 0),
          str(b, "method", IbmbNodeMethod.NAME), ibmb, norm, record);
    } catch (RuntimeException e) {
      throw new IOException(f + ": malformed run configuration: " + e.getMessage());
    }
  }

  private static String str(Map<String, Object> m, String key, String def) {
    Object v = m == null ? null : m.get(key);
    return v == null ? def : v.toString();
  }

  private static double num(Map<String, Object> m, String key, double def) {
    Object v = m == null ? null : m.get(key);
    return v == null ? def : ((Number) v).doubleValue();
  }

  /**
   * Opens the run's dataset as training did: the file, then the random split and the feature
   * projection of the configuration.
   */
  public Dataset loadDataset() throws IOException {
    if (dataset == null) {
      throw new IOException(dir.resolve(CONFIG) + ": no dataset.dataset entry");
    }
    Dataset d = Datasets.open(dataset, ProgressListener.NONE, BinaryDatasetFormat.FeatureStorage.AUTO);
    if (splitSeed != null || splitFractions != null) {
      double tr = Splits.DEFAULT_TRAIN;
      double va = Splits.DEFAULT_VAL;
      if (splitFractions != null) {
        String[] p = splitFractions.split(",");
        tr = Double.parseDouble(p[0].trim());
        va = Double.parseDouble(p[1].trim());
      }
      Split s = Splits.stratified(d.labels(), tr, va, splitSeed == null ? Splits.DEFAULT_SEED
          : splitSeed);
      d = new Dataset(d.name(), d.graph(), d.features(), d.labels(), d.numClasses(), List.of(s));
    }
    if (projectFeatures != null) {
      d = FeatureProjection.project(d, projectFeatures, projectionSeed);
    }
    return d;
  }

  /** The run's split (by its split index). */
  public Split split(Dataset d) {
    return d.splits().get(Math.min(splitIndex, d.splits().size() - 1));
  }

  /**
   * Class names for a dataset: {@code classes.txt} (line i names class i) in the dataset's directory
   * when it has exactly {@code numClasses} non-empty lines, else the class indices as text.
   */
  public static List<String> classNames(String datasetSpec, int numClasses) {
    List<String> names = new java.util.ArrayList<>();
    try {
      Path p = datasetSpec == null ? null : Path.of(datasetSpec);
      Path dir = p == null ? null : Files.isDirectory(p) ? p : p.toAbsolutePath().getParent();
      Path f = dir == null ? null : dir.resolve("classes.txt");
      if (f != null && Files.isRegularFile(f)) {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8).stream()
            .map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.size() == numClasses) {
          return List.copyOf(lines);
        }
      }
    } catch (IOException | java.nio.file.InvalidPathException e) {
      // no readable names: fall back to the indices
    }
    for (int c = 0; c < numClasses; c++) {
      names.add(Integer.toString(c));
    }
    return List.copyOf(names);
  }

  /** The class names of this run's dataset (see {@link #classNames(String, int)}). */
  public List<String> classNames(int numClasses) {
    return classNames(dataset, numClasses);
  }

  /** The record's top-level scalar fields (strings, numbers, booleans), in record order. */
  public Map<String, Object> recordSummary() {
    Map<String, Object> s = new LinkedHashMap<>();
    for (var e : record.entrySet()) {
      Object v = e.getValue();
      if (v instanceof String || v instanceof Number || v instanceof Boolean) {
        s.put(e.getKey(), v);
      }
    }
    return s;
  }
}
