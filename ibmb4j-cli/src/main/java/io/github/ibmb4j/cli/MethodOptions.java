package io.github.ibmb4j.cli;

import io.github.ibmb4j.graph.Normalization;
import java.util.function.Predicate;
import picocli.CommandLine.Mixin;

/**
 * Every method's flags, one option group per method family, mixed into each command that builds
 * batches (train, batches, infer, compare): each flag is defined once.
 */
public final class MethodOptions {
  @Mixin PprOptionGroup ppr;
  @Mixin PartitionOptionGroup partition;
  @Mixin SaintOptionGroup saint;
  @Mixin LayerSamplerOptionGroup layerSampler;
  @Mixin ShadowOptionGroup shadow;

  /** The flags as given, for training method {@code method}. */
  BatchingSettings settings(String method, long seed, Normalization normalization, String schedule) {
    try {
      return new BatchingSettings(method, ppr.topk, ppr.alpha, ppr.eps, ppr.outputsPerBatch,
          ppr.auxPerBatch, partition.trainParts, partition.evalParts, seed, normalization, schedule,
          samplerSettings());
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage());
    }
  }

  private BatchingSettings.SamplerSettings samplerSettings() {
    return new BatchingSettings.SamplerSettings(layerSampler.fanout, layerSampler.layerNodes,
        layerSampler.batches, saint.roots, saint.walkLength, saint.steps, saint.coverage, shadow.topk,
        shadow.eps);
  }

  /**
   * {@code base} with the flags that were given on the command line ({@code given} tests an
   * option name) in place of its values.
   */
  BatchingSettings over(BatchingSettings base, Predicate<String> given) {
    BatchingSettings.SamplerSettings s = base.sampler();
    BatchingSettings.SamplerSettings g = samplerSettings();
    BatchingSettings.SamplerSettings sampler = new BatchingSettings.SamplerSettings(
        given.test("--fanout") ? g.fanout() : s.fanout(),
        given.test("--layer-nodes") ? g.layerNodes() : s.layerNodes(),
        given.test("--sampler-batches") ? g.batches() : s.batches(),
        given.test("--saint-roots") ? g.roots() : s.roots(),
        given.test("--walk-length") ? g.walkLength() : s.walkLength(),
        given.test("--saint-steps") ? g.steps() : s.steps(),
        given.test("--coverage") ? g.coverage() : s.coverage(),
        given.test("--shadow-topk") ? g.shadowTopk() : s.shadowTopk(),
        given.test("--shadow-eps") ? g.shadowEps() : s.shadowEps());
    return new BatchingSettings(base.method(),
        given.test("--topk") ? ppr.topk : base.topk(),
        given.test("--alpha") ? ppr.alpha : base.alpha(),
        given.test("--eps") ? ppr.eps : base.eps(),
        given.test("--outputs-per-batch") ? ppr.outputsPerBatch : base.outputsPerBatch(),
        given.test("--aux-per-batch") ? ppr.auxPerBatch : base.auxPerBatch(),
        given.test("--parts") ? partition.trainParts : base.trainParts(),
        given.test("--eval-parts") ? partition.evalParts : base.evalParts(),
        base.seed(), base.normalization(), base.schedule(), sampler);
  }
}
