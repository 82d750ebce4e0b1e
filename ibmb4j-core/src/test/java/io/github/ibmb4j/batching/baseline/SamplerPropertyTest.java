package io.github.ibmb4j.batching.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ibmb4j.tensor.Batch;
import io.github.ibmb4j.batching.BatchMaterializer;
import io.github.ibmb4j.batching.PlannerContractTest;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.influence.PprPush;
import io.github.ibmb4j.progress.ProgressListener;
import io.github.ibmb4j.tensor.CsrMatrix;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Structural invariants of the samplers on seeded random graphs of random sizes: every output
 * appears exactly once per epoch; layer-wise blocks chain (block l+1's columns = block l's rows, the
 * last block's rows = outputs) over a node list without repeats; neighbour rows hold min(degree,
 * fan-out) entries; ShaDow has no entry between different copies.
 */
class SamplerPropertyTest {

  private static int[] outputs(int n, int count, long seed) {
    return PlannerContractTest.randomOutputsFor(n, Math.min(n, count), seed);
  }

  @Property(tries = 25)
  void layerWiseSamplersChainTheirBlocks(@ForAll long seed,
      @ForAll @IntRange(min = 20, max = 300) int n, @ForAll @IntRange(min = 1, max = 60) int count,
      @ForAll @IntRange(min = 1, max = 4) int layers, @ForAll @IntRange(min = 1, max = 5) int fan,
      @ForAll @IntRange(min = 1, max = 5) int batches) {
    CsrGraph g = PlannerContractTest.clusteredGraphFor(n, Math.max(1, n / 40), seed);
    BatchMaterializer m = PlannerContractTest.materializerFor(g, seed);
    int[] outs = outputs(n, count, seed ^ 5);
    int[] fanout = new int[layers];
    Arrays.fill(fanout, fan);
    int[] sizes = new int[layers];
    Arrays.fill(sizes, Math.max(1, n / (fan + 1)));
    for (var sampler : new io.github.ibmb4j.batching.BatchSampler[] {
        new NeighborSampler(m.graph(), outs, fanout, batches, true, seed),
        new LadiesSampler(m.graph(), m.values(), outs, sizes, batches, true, seed)}) {
      int[] seen = new int[n];
      for (Batch b : new io.github.ibmb4j.batching.SampledBatchSource(sampler, m).epoch(1)) {
        assertThat(Arrays.stream(b.nodes()).distinct().count()).isEqualTo(b.numNodes());
        int cols = b.numNodes();
        for (int l = 0; l < layers; l++) {
          CsrMatrix a = b.adjacency(l, layers).validated();
          assertThat(a.cols()).isEqualTo(cols);
          cols = a.rows();
          if (layers == 1) {
            // one layer: the block is padded to the square n × n shape, rows past the outputs empty
            assertThat(a.rows()).isEqualTo(b.numNodes());
            assertThat(a.rowPtr()[a.rows()]).isEqualTo(a.rowPtr()[b.numOutputs()]);
            cols = b.numOutputs();
          }
          if (sampler instanceof NeighborSampler) {
            for (int i = 0; i < (layers == 1 ? b.numOutputs() : a.rows()); i++) {
              assertThat(a.rowPtr()[i + 1] - a.rowPtr()[i])
                  .isEqualTo(Math.min(fan, g.degree(b.nodes()[i])));
            }
          }
        }
        assertThat(cols).isEqualTo(b.numOutputs());
        for (int o : b.outputNodes()) {
          seen[o]++;
        }
      }
      for (int o : outs) {
        assertThat(seen[o]).isEqualTo(1);
      }
    }
  }

  @Property(tries = 20)
  void shadowCopiesAreDisjoint(@ForAll long seed, @ForAll @IntRange(min = 20, max = 300) int n,
      @ForAll @IntRange(min = 1, max = 60) int count, @ForAll @IntRange(min = 1, max = 30) int cap) {
    CsrGraph g = PlannerContractTest.clusteredGraphFor(n, Math.max(1, n / 40), seed);
    BatchMaterializer m = PlannerContractTest.materializerFor(g, seed);
    int[] outs = outputs(n, count, seed ^ 7);
    var ppr = new PprPush(0.25, 1e-3, 6).compute(g, outs, ProgressListener.NONE);
    int[] seen = new int[n];
    for (Batch b : new io.github.ibmb4j.batching.SampledBatchSource(
        new ShadowSampler(m.graph(), ppr, outs, cap, true, seed), m).epoch(0)) {
      assertThat(b.numOutputs()).isLessThanOrEqualTo(cap);
      // copy id of every local node: roots are copies 0..m-1, then each copy's others in order
      int mo = b.numOutputs();
      int[] copy = new int[b.numNodes()];
      int w = mo;
      for (int j = 0; j < mo; j++) {
        copy[j] = j;
        int idx = Arrays.binarySearch(outs, b.nodes()[j]);
        int others = ppr.auxiliarySet(idx).length - 1;
        for (int t = 0; t < others; t++) {
          copy[w++] = j;
        }
      }
      assertThat(w).isEqualTo(b.numNodes());
      CsrMatrix a = b.adjacency(0, 1).validated();
      for (int i = 0; i < a.rows(); i++) {
        for (int q = a.rowPtr()[i]; q < a.rowPtr()[i + 1]; q++) {
          assertThat(copy[a.colIdx()[q]]).isEqualTo(copy[i]);
        }
      }
      for (int o : b.outputNodes()) {
        seen[o]++;
      }
    }
    for (int o : outs) {
      assertThat(seen[o]).isEqualTo(1);
    }
  }
}
