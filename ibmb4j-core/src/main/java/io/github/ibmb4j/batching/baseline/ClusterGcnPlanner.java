package io.github.ibmb4j.batching.baseline;

import io.github.ibmb4j.batching.BatchPlan;
import io.github.ibmb4j.batching.BatchPlanner;
import io.github.ibmb4j.batching.BatchSpec;
import io.github.ibmb4j.batching.PartitionBatches;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.partition.MultilevelPartitioner;
import io.github.ibmb4j.partition.Partitioning;
import io.github.ibmb4j.random.Shuffle;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Cluster-GCN batches (Chiang et al., KDD 2019; docs/algorithm.md §2.4): the whole graph is partitioned once
 * ({@link MultilevelPartitioner}); a batch is one part, or {@code partsPerBatch} parts merged (the
 * paper's multi-cluster batches, grouped once at random from the seed), with all its nodes as auxiliary
 * nodes and the output nodes inside it as outputs.
 *
 * <p>// Deviation from the reference: groups without output nodes are skipped and the plan simply has
 * fewer batches (the reference asserts {@code num_partitions == #batches} and crashes, §5.2 item 5).
 * Per-epoch shuffling of the batches is the scheduler's job. The part count is capped for tiny graphs
 * ({@link PartitionBatches#effectiveParts}).
 *
 * <p>Cost: one partitioning (O(E log k)) plus O(N) to form the batches. Deterministic for the seed,
 * whatever the thread count; thread-safe (immutable).
 *
 * @param options validated options
 */
public record ClusterGcnPlanner(Options options) implements BatchPlanner {

  /**
   * Options.
   *
   * @param numParts parts of the whole graph, ≥ 1 (reference arxiv GCN: 4 for training, 2 for val/test)
   * @param partsPerBatch parts merged into one batch (q in the Cluster-GCN paper), ≥ 1 (default 1, as in
   *     the reference runs)
   * @param seed seed of the partitioner and of the random grouping of parts
   * @param imbalance the partitioner's balance tolerance, ≥ 1 (default 1.03)
   */
  public record Options(int numParts, int partsPerBatch, long seed, double imbalance) {
    public Options {
      if (numParts < 1) {
        throw new IllegalArgumentException("numParts is " + numParts + ", expected >= 1");
      }
      if (partsPerBatch < 1) {
        throw new IllegalArgumentException("partsPerBatch is " + partsPerBatch + ", expected >= 1");
      }
      MultilevelPartitioner.Options.defaults().withImbalance(imbalance);
    }

    /** Reference training defaults: 4 parts, one part per batch, seed 0, tolerance 1.03. */
    public static Options training() {
      return new Options(4, 1, 0, 1.03);
    }

    /** Reference evaluation defaults: 2 parts, one part per batch, seed 0, tolerance 1.03. */
    public static Options evaluation() {
      return new Options(2, 1, 0, 1.03);
    }
  }

  public ClusterGcnPlanner {
    java.util.Objects.requireNonNull(options, "options");
  }

  @Override
  public String method() {
    return "cluster-gcn";
  }

  @Override
  public BatchPlan plan(CsrGraph graph, int[] outputNodes) {
    int n = graph.numNodes();
    PartitionBatches.checkOutputs(outputNodes, n);
    int parts = PartitionBatches.effectiveParts(options.numParts(), n);
    SplittableRandom rnd = new SplittableRandom(options.seed());
    var popts = MultilevelPartitioner.Options.defaults().withSeed(rnd.nextLong())
        .withImbalance(options.imbalance());
    Partitioning p = PartitionBatches.partition(graph, outputNodes, parts, 1, popts);
    int[] order = new int[parts];
    for (int i = 0; i < parts; i++) {
      order[i] = i;
    }
    int q = options.partsPerBatch();
    if (q > 1) {
      Shuffle.shuffle(order, parts, rnd);
    }
    boolean[] isOutput = new boolean[n];
    for (int o : outputNodes) {
      isOutput[o] = true;
    }
    List<BatchSpec> batches = new ArrayList<>();
    for (int g = 0; g < parts; g += q) {
      int size = 0;
      for (int i = g; i < Math.min(parts, g + q); i++) {
        size += p.partSize(order[i]);
      }
      int[] aux = new int[size];
      int w = 0;
      for (int i = g; i < Math.min(parts, g + q); i++) {
        int part = order[i];
        System.arraycopy(p.permutation(), p.partStart()[part], aux, w, p.partSize(part));
        w += p.partSize(part);
      }
      java.util.Arrays.sort(aux);
      int outs = 0;
      for (int v : aux) {
        if (isOutput[v]) {
          outs++;
        }
      }
      if (outs == 0) {
        continue;
      }
      int[] out = new int[outs];
      int o = 0;
      for (int v : aux) {
        if (isOutput[v]) {
          out[o++] = v;
        }
      }
      batches.add(new BatchSpec(out, aux));
    }
    return new BatchPlan(method(), outputNodes.clone(), batches);
  }
}
