package io.github.ibmb4j.influence;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.progress.ProgressListener;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Per-node push vectors rebuild exactly the PprMatrix that the batch push computes. */
class PprVectorsTest {

  @Test
  void matrixFromVectorsEqualsCompute() {
    CsrGraph g = PprPushTest.randomGraph(600, 2400, 3);
    PprPush push = new PprPush(0.25, 1e-4, 8);
    int[] sources = new SplittableRandom(5).ints(0, 600).distinct().limit(300).toArray();
    PprMatrix expected = push.compute(g, sources, ProgressListener.NONE);
    PprPush.ScratchPool pool = push.scratchPool(g);
    // vectors pushed in two calls and in another order, then reassembled in the sources' order
    int[] shuffled = sources.clone();
    Arrays.sort(shuffled);
    PprVector[] byNode = new PprVector[600];
    for (PprVector v : push.vectors(g, Arrays.copyOf(shuffled, 100), pool)) {
      byNode[v.source()] = v;
    }
    for (PprVector v : push.vectors(g, Arrays.copyOfRange(shuffled, 100, 300), pool)) {
      byNode[v.source()] = v;
    }
    PprVector[] rows = Arrays.stream(sources).mapToObj(s -> byNode[s]).toArray(PprVector[]::new);
    PprMatrix got = push.matrix(600, rows);
    assertThat(got.sources()).isEqualTo(expected.sources());
    assertThat(got.topkOffsets()).isEqualTo(expected.topkOffsets());
    assertThat(got.topkNodes()).isEqualTo(expected.topkNodes());
    assertThat(got.topkValues()).isEqualTo(expected.topkValues());
    assertThat(got.outputCols()).isDeepEqualTo(expected.outputCols());
    assertThat(got.outputValues()).isDeepEqualTo(expected.outputValues());
    assertThat(got.pushedEntries()).isEqualTo(expected.pushedEntries());
  }

  @Test
  void vectorHoldsTheWholePushNotOnlyTopK() {
    CsrGraph g = PprPushTest.randomGraph(200, 800, 9);
    PprPush push = new PprPush(0.25, 1e-4, 4);
    PprVector v = push.vectors(g, new int[] {17}, push.scratchPool(g))[0];
    double[] dense = push.pushDense(g, 17)[0];
    long nonZero = Arrays.stream(dense).filter(x -> x > 0).count();
    assertThat(v.nodes().length).isEqualTo((int) nonZero).isGreaterThan(4);
    for (int i = 0; i < v.nodes().length; i++) {
      assertThat(v.values()[i]).isEqualTo(dense[v.nodes()[i]]);
    }
  }
}
