package io.github.ibmb4j.cli;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.github.ibmb4j.batching.BatchMaterializer;
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
import io.github.ibmb4j.experiment.TrainingRun;
import io.github.ibmb4j.graph.Normalization;
import java.util.List;

/**
 * The batching flags of a command line as given (0 or empty = the method's default), in the form a
 * run directory's {@code config.json} stores them. One set of flags serves every method of a run
 * (training, validation, test inference), so {@link #method(String)} maps them onto the typed
 * {@link BatchingMethod} of any method name; each method reads only its own options.
 *
 * @param method the training method
 * @param topk ibmb-node, rand, randfix: auxiliary nodes per output node (PPR top-k)
 * @param alpha PPR teleport probability α (ibmb-node, rand, randfix, ibmb-batch, shadow)
 * @param eps ibmb-node, rand, randfix: PPR push threshold ε
 * @param outputsPerBatch ibmb-node, rand, randfix, shadow: target outputs per batch, 0 = default
 * @param auxPerBatch ibmb-node: auxiliary-node cap of auxiliary-oriented merging, 0 = off
 * @param trainParts ibmb-batch, cluster-gcn: parts of training plans, 0 = default
 * @param evalParts ibmb-batch, cluster-gcn: parts of val/test plans, 0 = default
 * @param seed seed of the methods' random choices
 * @param normalization adjacency normalisation of batches and full-graph inference
 * @param schedule order of fixed training batches
 * @param sampler the sampling baselines' flags
 */
// 'layers' was stored by earlier versions (the model's layer count now comes from the model)
@JsonIgnoreProperties({"layers"})
public record BatchingSettings(String method, int topk, double alpha, double eps, int outputsPerBatch,
    int auxPerBatch, int trainParts, int evalParts, long seed, Normalization normalization,
    String schedule, SamplerSettings sampler) {

  /**
   * Flags of the sampling baselines (0 or empty = default).
   *
   * @param fanout neighbor: neighbours per target and hop
   * @param layerNodes ladies: nodes per hop
   * @param batches neighbor, ladies: training batches per epoch
   * @param roots saint-rw: walk roots per batch
   * @param walkLength saint-rw: steps per walk
   * @param steps saint-rw: batches per epoch
   * @param coverage saint-rw: pre-sampling coverage
   * @param shadowTopk shadow: sub-graph size k
   * @param shadowEps shadow: push threshold ε
   */
  public record SamplerSettings(List<Integer> fanout, List<Integer> layerNodes, int batches,
      int roots, int walkLength, int steps, double coverage, int shadowTopk, double shadowEps) {
    /** All defaults. */
    public static final SamplerSettings DEFAULTS =
        new SamplerSettings(List.of(), List.of(), 0, 0, 0, 0, 0, 0, 0);

    public SamplerSettings {
      fanout = fanout == null ? List.of() : List.copyOf(fanout);
      layerNodes = layerNodes == null ? List.of() : List.copyOf(layerNodes);
    }
  }

  public BatchingSettings {
    BatchingMethod.checkName(method);
    sampler = sampler == null ? SamplerSettings.DEFAULTS : sampler;
    normalization = normalization == null ? BatchMaterializer.DEFAULT_NORMALIZATION : normalization;
    schedule = schedule == null ? "order" : schedule;
  }

  /** Every default, for {@code method} with {@code seed}. */
  public static BatchingSettings defaults(String method, long seed) {
    IbmbNodeMethod d = IbmbNodeMethod.DEFAULTS;
    return new BatchingSettings(method, d.topk(), d.alpha(), d.eps(), 0, 0, 0, 0, seed,
        BatchMaterializer.DEFAULT_NORMALIZATION, "order", SamplerSettings.DEFAULTS);
  }

  /** The training method. */
  public BatchingMethod trainingMethod() {
    return method(method);
  }

  /**
   * The method called {@code name} with these flags.
   *
   * @throws IllegalArgumentException for an unknown name or an invalid option
   */
  public BatchingMethod method(String name) {
    SamplerSettings s = sampler;
    return switch (BatchingMethod.checkName(name)) {
      case IbmbNodeMethod.NAME -> new IbmbNodeMethod(topk, alpha, eps, outputsPerBatch, auxPerBatch);
      case IbmbBatchMethod.NAME -> new IbmbBatchMethod(alpha, trainParts, evalParts, seed);
      case ClusterGcnMethod.NAME -> new ClusterGcnMethod(trainParts, evalParts, seed);
      case RandFixMethod.NAME -> new RandFixMethod(topk, alpha, eps, outputsPerBatch, seed);
      case RandMethod.NAME -> new RandMethod(topk, alpha, eps, outputsPerBatch, seed);
      case SaintRwMethod.NAME -> new SaintRwMethod(s.roots(), s.walkLength(), s.steps(),
          s.coverage(), seed);
      case NeighborMethod.NAME -> new NeighborMethod(s.fanout(), s.batches(), seed);
      case LadiesMethod.NAME -> new LadiesMethod(s.layerNodes(), s.batches(), seed);
      case ShadowMethod.NAME -> new ShadowMethod(s.shadowTopk(), s.shadowEps(), alpha,
          outputsPerBatch, seed);
      case FullGraphMethod.NAME -> FullGraphMethod.INSTANCE;
      default -> throw new AssertionError(name);
    };
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

  /** The same flags for another training method. */
  public BatchingSettings withMethod(String m) {
    return new BatchingSettings(m, topk, alpha, eps, outputsPerBatch, auxPerBatch, trainParts,
        evalParts, seed, normalization, schedule, sampler);
  }

  /** The same flags with another PPR top-k. */
  public BatchingSettings withTopk(int k) {
    return new BatchingSettings(method, k, alpha, eps, outputsPerBatch, auxPerBatch, trainParts,
        evalParts, seed, normalization, schedule, sampler);
  }
}
