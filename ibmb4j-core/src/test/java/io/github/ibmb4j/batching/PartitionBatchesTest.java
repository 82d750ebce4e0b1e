package io.github.ibmb4j.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.partition.Partitioning;
import org.junit.jupiter.api.Test;

class PartitionBatchesTest {

  @Test
  void partCountIsCappedSoPartsAverageAtLeast32Nodes() {
    assertThat(PartitionBatches.effectiveParts(4, 169_343)).isEqualTo(4);
    assertThat(PartitionBatches.effectiveParts(4, 100)).isEqualTo(3);
    assertThat(PartitionBatches.effectiveParts(4, 31)).isEqualTo(1);
    assertThat(PartitionBatches.effectiveParts(1, 10)).isEqualTo(1);
  }

  @Test
  void outputsAreSplitByPartInOrder() {
    CsrGraph g = PlannerContractTest.clusteredGraph(10, 2, 1);
    Partitioning p = Partitioning.of(g, 3, new int[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0}, null, null);
    int[][] by = PartitionBatches.outputsByPart(p, new int[] {0, 2, 3, 5, 9});
    assertThat(by[0]).containsExactly(0, 3, 9);
    assertThat(by[1]).isEmpty();
    assertThat(by[2]).containsExactly(2, 5);
  }

  @Test
  void outputWeightingChangesTheNodeWeights() {
    CsrGraph g = PlannerContractTest.clusteredGraph(400, 4, 2);
    int[] outputs = java.util.stream.IntStream.range(0, 100).toArray();
    var opts = io.github.ibmb4j.partition.MultilevelPartitioner.Options.defaults();
    Partitioning w = PartitionBatches.partition(g, outputs, 4, 20, opts);
    long[] outsPerPart = new long[4];
    for (int o : outputs) {
      outsPerPart[w.assignment()[o]]++;
    }
    // Output nodes make up 2000 of 2300 weight units; a part may weigh floor(1.03 · 575) = 592, so it
    // holds at most 29 outputs. Unweighted, the outputs (exactly community 0) would share one part.
    for (long c : outsPerPart) {
      assertThat(c).isLessThanOrEqualTo(29);
    }
    Partitioning u = PartitionBatches.partition(g, outputs, 4, 1, opts);
    long[] unweighted = new long[4];
    for (int o : outputs) {
      unweighted[u.assignment()[o]]++;
    }
    assertThat(java.util.Arrays.stream(unweighted).max().orElseThrow()).isGreaterThan(29);
  }

  @Test
  void unsortedOrOutOfRangeOutputsAreRejected() {
    assertThatThrownBy(() -> PartitionBatches.checkOutputs(new int[] {3, 2}, 5))
        .hasMessageContaining("not sorted");
    assertThatThrownBy(() -> PartitionBatches.checkOutputs(new int[] {1, 7}, 5))
        .hasMessageContaining("output node 7");
  }
}
