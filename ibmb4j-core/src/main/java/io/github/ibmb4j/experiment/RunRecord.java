package io.github.ibmb4j.experiment;

import io.github.ibmb4j.batching.BatchingMethod;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.graph.GraphOps;
import io.github.ibmb4j.graph.Normalization;
import io.github.ibmb4j.model.ModelSpec;
import io.github.ibmb4j.train.EpochRecord;
import io.github.ibmb4j.train.Evaluation;
import io.github.ibmb4j.train.TrainOptions;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one training run did and measured, as plain data: the resolved configuration (every default
 * filled in), provenance, the dataset's fingerprint, timings by phase, peak memory, the learning
 * curve and the final metrics. Built by {@link #of} from a {@link TrainingRun.Result}; the CLI writes
 * it as {@code record.json} and {@code ibmb compare} reads it back into this type. The core does not
 * serialise it (it has no JSON dependency); the component names are the JSON field names.
 *
 * <p>Epochs are numbered from 0 everywhere (the curve, {@code bestEpoch}, progress lines and plots):
 * epoch 0 is the first epoch.
 *
 * @param formatVersion {@link #FORMAT_VERSION} when written by this code; records written before the
 *     field existed read as version 1 (the same fields, the configuration as given)
 * @param provenance software, commit, JVM, kernels, threads, machine, start time
 * @param dataset what was trained on
 * @param config the configuration as resolved
 * @param modelSpec the model's full specification
 * @param parameters number of trainable scalars
 * @param timings seconds by phase
 * @param memory peak heap and resident set size
 * @param curve one entry per epoch, epoch 0 first
 * @param metrics validation of the selected model and test metrics per inference method
 */
public record RunRecord(int formatVersion, Provenance provenance, DatasetFacts dataset,
    Configuration config, ModelSpec modelSpec, long parameters, Timings timings, Memory memory,
    List<EpochRecord> curve, Metrics metrics) {

  /**
   * The version written by this code. 1: the untyped record (no {@code formatVersion} field; the
   * configuration as given, with 0 for defaults). 2: this type, the configuration resolved.
   */
  public static final int FORMAT_VERSION = 2;

  public RunRecord {
    curve = curve == null ? List.of() : List.copyOf(curve);
  }

  /**
   * The dataset.
   *
   * @param name dataset name
   * @param fingerprint hex SHA-256 over the graph, features, labels and splits (the batch-cache key's)
   * @param nodes node count
   * @param features feature dimension
   * @param classes class count
   * @param split name of the split set used
   */
  public record DatasetFacts(String name, String fingerprint, int nodes, int features, int classes,
      String split) {}

  /**
   * Where the dataset came from and how it was split and projected.
   *
   * @param dataset the dataset as given ({@code synthetic[:...]}, or a path, stored absolute)
   * @param splitIndex the split set used
   * @param splitSeed seed of a replacing stratified random split, or null to keep the file's splits
   * @param splitFractions train and validation fractions of that split ("0.6,0.2"), or null
   * @param projectFeatures dimensions of a random feature projection, or null for none
   * @param projectionSeed seed of that projection
   */
  public record DatasetSettings(String dataset, int splitIndex, Long splitSeed, String splitFractions,
      Integer projectFeatures, long projectionSeed) {}

  /**
   * The configuration with every default resolved for this dataset and model: each batching method
   * as {@link BatchingMethod#resolve} fills it in for the preprocessed graph and
   * {@link TrainingRun#batchingModel}, the model options as {@link ModelOptions#resolved}.
   *
   * @param dataset dataset settings
   * @param batching the training method's options
   * @param schedule the order of fixed training batches
   * @param normalization the adjacency normalisation of every batch and of full-graph inference
   * @param validationMethod the method of the validation batches
   * @param validationBatching that method's options (null in version 1)
   * @param testBatching the test inference methods' options, in order (empty in version 1)
   * @param model the model options
   * @param training epochs, optimiser, schedule, seed
   */
  public record Configuration(DatasetSettings dataset, BatchingMethod batching, String schedule,
      Normalization normalization, String validationMethod, BatchingMethod validationBatching,
      List<BatchingMethod> testBatching, ModelOptions model, TrainOptions training) {

    public Configuration {
      testBatching = testBatching == null ? List.of() : List.copyOf(testBatching);
    }
  }

  /**
   * Seconds by phase. The preparation phases are sums over every prepared split part.
   *
   * @param loading opening the dataset (with split and projection)
   * @param ppr PPR push or power iteration
   * @param mergingAndPartitioning output merging, grouping, partitioning
   * @param materialisation building batch tensors
   * @param cacheIo batch-cache reads and writes
   * @param preparationBySplit the same per split part and method ("train/ibmb-node", ...)
   * @param trainEpochMean mean training seconds per epoch (epoch 0, the warm-up, excluded when
   *     more than one epoch ran)
   * @param validationEpochMean mean validation seconds per epoch
   * @param training training including validation, wall clock
   * @param inference test inference per method
   */
  public record Timings(double loading, double ppr, double mergingAndPartitioning,
      double materialisation, double cacheIo, Map<String, SplitBatches.Timings> preparationBySplit,
      double trainEpochMean, double validationEpochMean, double training,
      Map<String, Double> inference) {

    public Timings {
      preparationBySplit = ordered(preparationBySplit);
      inference = ordered(inference);
    }

    /** Batch preparation of every split: PPR, merging/partitioning, materialisation, cache I/O. */
    public double preprocessing() {
      return ppr + mergingAndPartitioning + materialisation + cacheIo;
    }
  }

  /**
   * Peak memory of the process.
   *
   * @param peakHeapBytes sum of the heap pools' peak usage
   * @param peakRssBytes resident set size high-water mark, -1 where unknown
   */
  public record Memory(long peakHeapBytes, long peakRssBytes) {}

  /**
   * Test metrics of one inference method.
   *
   * @param accuracy accuracy
   * @param macroF1 macro-averaged F1
   * @param loss mean cross-entropy
   * @param seconds inference time
   * @param nodes test nodes predicted
   */
  public record TestMetrics(double accuracy, double macroF1, double loss, double seconds, int nodes) {}

  /**
   * Final metrics.
   *
   * @param bestEpoch the selected epoch (0-based)
   * @param valAccuracy validation accuracy of the selected model
   * @param valMacroF1 its validation macro-F1
   * @param test test metrics per inference method, in the order of {@link TrainingRun.Result#inference}
   */
  public record Metrics(int bestEpoch, double valAccuracy, double valMacroF1,
      Map<String, TestMetrics> test) {

    public Metrics {
      test = ordered(test);
    }
  }

  /**
   * The record of a finished run.
   *
   * @param provenance where the result came from
   * @param dataset the dataset trained on
   * @param settings how it was opened
   * @param loadSeconds time to open it
   * @param spec what was run
   * @param result the run's outcome
   * @param memory peak memory (usually {@link #measureMemory()} right after the run)
   */
  public static RunRecord of(Provenance provenance, Dataset dataset, DatasetSettings settings,
      double loadSeconds, TrainingRun.Spec spec, TrainingRun.Result result, Memory memory) {
    DatasetFacts facts = new DatasetFacts(dataset.name(),
        HexFormat.of().formatHex(io.github.ibmb4j.data.DatasetFingerprint.of(dataset)),
        dataset.numNodes(), dataset.features().dim(), dataset.numClasses(),
        dataset.splits().get(spec.splitIndex()).name());
    TrainingRun.Batching b = spec.batching();
    CsrGraph graph = GraphOps.withSelfLoops(dataset.graph()); // the graph the methods plan on
    BatchingMethod.Model bm = TrainingRun.batchingModel(result.spec());
    Configuration config = new Configuration(settings, b.method().resolve(graph, bm), b.schedule(),
        b.normalization(), b.validation().name(), b.validation().resolve(graph, bm),
        b.test().stream().map(m -> m.resolve(graph, bm)).toList(), spec.model().resolved(),
        spec.training());

    double ppr = 0;
    double merge = 0;
    double mat = 0;
    double cacheIo = 0;
    for (SplitBatches.Timings t : result.preparation().values()) {
      ppr += t.ppr();
      merge += t.merge();
      mat += t.materialize();
      cacheIo += t.cache();
    }
    Map<String, Double> inferSeconds = new LinkedHashMap<>();
    Map<String, TestMetrics> test = new LinkedHashMap<>();
    for (TrainingRun.Inference i : result.inference()) {
      Evaluation e = i.evaluation();
      inferSeconds.put(i.method(), e.seconds());
      test.put(i.method(), new TestMetrics(e.accuracy(), e.macroF1(), e.loss(), e.seconds(), e.size()));
    }
    List<EpochRecord> curve = result.train().curve();
    Timings timings = new Timings(loadSeconds, ppr, merge, mat, cacheIo, result.preparation(),
        result.train().meanEpochSeconds(),
        curve.stream().mapToDouble(EpochRecord::valSeconds).average().orElse(Double.NaN),
        result.train().totalSeconds(), inferSeconds);
    Metrics metrics = new Metrics(result.train().bestEpoch(), result.validation().accuracy(),
        result.validation().macroF1(), test);
    return new RunRecord(FORMAT_VERSION, provenance, facts, config, result.spec(),
        result.model().numParameters(), timings, memory, curve, metrics);
  }

  /** An unmodifiable copy keeping the iteration order (the JSON's field order). */
  private static <V> Map<String, V> ordered(Map<String, V> m) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(m == null ? Map.of() : m));
  }

  /** The process's peak heap and RSS so far ({@link ResourceUsage}). */
  public static Memory measureMemory() {
    return new Memory(ResourceUsage.peakHeapBytes(), ResourceUsage.peakRssBytes());
  }

  /** The training method. */
  public String method() {
    return config.batching().name();
  }

  /** The test metrics of inference with {@code method}, or null if the run did not test it. */
  public TestMetrics test(String method) {
    return metrics.test().get(method);
  }
}
