package io.github.ibmb4j.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ibmb4j.data.GraphNpzReader;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.testing.SharedData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The optional libmetis adapter (skipped with a message when libmetis5 is not installed). */
class LibMetisPartitionerTest {

  @Test
  void partitionsAndMatchesGpmetisForTheSameSeed() throws Exception {
    Assumptions.assumeTrue(LibMetisPartitioner.isAvailable(),
        "libmetis.so.5 not loadable (apt-get install -y metis); skipping the libmetis adapter test");
    CsrGraph twoCliques = PartitionTestGraphs.twoCliques(10);
    Partitioning p = new LibMetisPartitioner(1, 1.03).partition(twoCliques, 2);
    MultilevelPartitionerTest.assertWellFormed(p, twoCliques, 2);
    assertThat(p.edgeCut()).isEqualTo(1);
    CsrGraph cora = GraphNpzReader.read(SharedData.graphNpz("cora")).graph();
    Partitioning lib = new LibMetisPartitioner(1, 1.03).partition(cora, 8);
    MultilevelPartitionerTest.assertWellFormed(lib, cora, 8);
    if (Gpmetis.find() != null) {
      Gpmetis.Result exe = Gpmetis.run(cora, 8, 1.03, 1);
      assertThat(lib.assignment()).isEqualTo(exe.partitioning().assignment());
    }
  }
}
