package io.github.ibmb4j.experiment;

import io.github.ibmb4j.batching.BatchMaterializer;
import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbOptions;
import io.github.ibmb4j.graph.Normalization;

/**
 * Everything a batching method may need, with the paper's defaults (§2.3). Fields a method does not
 * use are ignored by it (and left out of its cache key).
 *
 * @param method method name (ibmb-node, randfix, rand, full, …)
 * @param topk auxiliary nodes per output node (PPR top-k), default 16
 * @param alpha PPR teleport probability α, default 0.25
 * @param eps PPR push threshold ε, default 2e-4
 * @param outputsPerBatch target output nodes per training batch (doubled for evaluation), or 0 for
 *     the size-dependent default {@link NodeWiseIbmbOptions#defaultOutputsPerBatch}
 * @param auxPerBatch auxiliary-node cap for auxiliary-oriented merging, 0 = off
 * @param trainParts partitions for training plans of partition-based methods, 0 = default
 * @param evalParts partitions for evaluation plans of partition-based methods, 0 = default
 * @param seed seed of random choices (random grouping, partitioning, schedules)
 * @param normalization adjacency normalisation of batches and full-graph inference, default RW (random walk)
 * @param schedule batch order: order (maximum label-divergence tour), sample, rand or sequential
 * @param layers graph layers of the model the batches are for (layer-wise samplers build one block
 *     per layer), 0 = the default 3; ignored by other methods
 * @param sampler settings of the sampling baselines (null = defaults)
 */
public record BatchingOptions(String method, int topk, double alpha, double eps, int outputsPerBatch,
    int auxPerBatch, int trainParts, int evalParts, long seed, Normalization normalization,
    String schedule, int layers, SamplerOptions sampler) {

  public BatchingOptions {
    if (method == null || method.isBlank()) {
      throw new IllegalArgumentException("a batching method is required");
    }
    if (outputsPerBatch < 0 || auxPerBatch < 0 || trainParts < 0 || evalParts < 0) {
      throw new IllegalArgumentException("batch sizes and part counts must be >= 0 (0 = default)");
    }
    if (sampler == null) {
      sampler = SamplerOptions.DEFAULTS;
    }
    if (layers < 0) {
      throw new IllegalArgumentException("layers is " + layers + ", expected >= 0 (0 = default 3)");
    }
    if (normalization == null) {
      throw new IllegalArgumentException("a normalisation is required");
    }
  }

  /** The defaults for {@code method}: the paper's settings, fixed batches ordered by the tour. */
  public static BatchingOptions defaults(String method) {
    NodeWiseIbmbOptions d = NodeWiseIbmbOptions.DEFAULTS;
    return new BatchingOptions(method, d.topk(), d.alpha(), d.eps(), 0, 0, 0, 0, 0,
        BatchMaterializer.DEFAULT_NORMALIZATION, "order", 0, SamplerOptions.DEFAULTS);
  }

  /** The same settings for another method. */
  public BatchingOptions withMethod(String m) {
    return new BatchingOptions(m, topk, alpha, eps, outputsPerBatch, auxPerBatch, trainParts,
        evalParts, seed, normalization, schedule, layers, sampler);
  }

  /** A copy with another seed. */
  public BatchingOptions withSeed(long s) {
    return new BatchingOptions(method, topk, alpha, eps, outputsPerBatch, auxPerBatch, trainParts,
        evalParts, s, normalization, schedule, layers, sampler);
  }

  /** A copy with another schedule. */
  public BatchingOptions withSchedule(String s) {
    return new BatchingOptions(method, topk, alpha, eps, outputsPerBatch, auxPerBatch, trainParts,
        evalParts, seed, normalization, s, layers, sampler);
  }

  /** A copy for a model with {@code l} graph layers (0 = default). */
  public BatchingOptions withLayers(int l) {
    return new BatchingOptions(method, topk, alpha, eps, outputsPerBatch, auxPerBatch, trainParts,
        evalParts, seed, normalization, schedule, l, sampler);
  }

  /** A copy with another PPR top-k (auxiliary nodes per output node). */
  public BatchingOptions withTopk(int k) {
    return new BatchingOptions(method, k, alpha, eps, outputsPerBatch, auxPerBatch, trainParts,
        evalParts, seed, normalization, schedule, layers, sampler);
  }

  /** A copy with another target of output nodes per training batch (0 = size-dependent default). */
  public BatchingOptions withOutputsPerBatch(int n) {
    return new BatchingOptions(method, topk, alpha, eps, n, auxPerBatch, trainParts, evalParts,
        seed, normalization, schedule, layers, sampler);
  }

  /** A copy with other sampler settings. */
  public BatchingOptions withSampler(SamplerOptions so) {
    return new BatchingOptions(method, topk, alpha, eps, outputsPerBatch, auxPerBatch, trainParts,
        evalParts, seed, normalization, schedule, layers, so);
  }

  /** The number of graph layers (the default 3 when unset). */
  public int numLayers() {
    return layers > 0 ? layers : 3;
  }

  /** The node-wise IBMB options these settings imply for a graph of {@code numNodes} nodes. */
  public NodeWiseIbmbOptions nodeWise(int numNodes, boolean evaluation) {
    int target = outputsPerBatch > 0 ? outputsPerBatch
        : NodeWiseIbmbOptions.defaultOutputsPerBatch(numNodes, topk);
    return new NodeWiseIbmbOptions(topk, alpha, eps, target, evaluation, auxPerBatch);
  }
}
