package io.github.ibmb4j.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ibmb4j.data.GraphNpzReader;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.testing.SharedData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Our edge cut against {@code gpmetis} at the same balance (slow: needs the {@code metis} Debian package
 * and the shared datasets; skipped with a message when either is absent).
 */
@Tag("slow")
class GpmetisComparisonTest {

  @Test
  void withinTenPercentOfGpmetisOnSharedGraphs() throws Exception {
    Assumptions.assumeTrue(Gpmetis.find() != null,
        "gpmetis not installed (apt-get install -y metis); skipping the METIS comparison");
    for (String name : new String[] {"cora", "amazon-computers"}) {
      CsrGraph g = GraphNpzReader.read(SharedData.graphNpz(name)).graph();
      for (int k : new int[] {2, 8, 64}) {
        Partitioning ours = MultilevelPartitioner.withSeed(1).partition(g, k);
        Gpmetis.Result metis = Gpmetis.run(g, k, 1.03, 1);
        assertThat(metis.partitioning().edgeCut()).as("our recount of gpmetis' cut")
            .isEqualTo(metis.reportedCut());
        assertThat((double) ours.edgeCut()).as("%s k=%d: ours vs gpmetis %d", name, k,
            metis.reportedCut()).isLessThanOrEqualTo(1.10 * metis.reportedCut());
        assertThat(ours.imbalance()).isLessThanOrEqualTo(1.03 + 1e-9);
      }
    }
  }
}
