package io.github.ibmb4j.influence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.progress.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link PprPush#computeRows} blocks stacked by {@link PprMatrix#concat} equal one compute. */
class PprRowBlocksTest {

  @Test
  void consecutiveRowBlocksConcatenateToTheWholeMatrix() {
    for (long seed = 1; seed <= 3; seed++) {
      CsrGraph g = PprPushTest.randomGraph(800, 3200, seed);
      SplittableRandom rnd = new SplittableRandom(seed);
      int[] outputs = rnd.ints(0, 800).distinct().limit(300).toArray();
      PprPush push = new PprPush(0.25, 1e-4, 8);
      PprMatrix whole = push.compute(g, outputs, ProgressListener.NONE);
      List<PprMatrix> blocks = new ArrayList<>();
      int[] cuts = {0, 1, 1, 97, 256, 300};
      for (int i = 0; i + 1 < cuts.length; i++) {
        blocks.add(push.computeRows(g, outputs, cuts[i], cuts[i + 1], ProgressListener.NONE));
      }
      PprMatrix stacked = PprMatrix.concat(blocks);
      assertThat(stacked.numNodes()).isEqualTo(whole.numNodes());
      assertThat(stacked.sources()).isEqualTo(whole.sources());
      assertThat(stacked.topkOffsets()).isEqualTo(whole.topkOffsets());
      assertThat(stacked.topkNodes()).isEqualTo(whole.topkNodes());
      assertThat(stacked.topkValues()).isEqualTo(whole.topkValues());
      assertThat(stacked.outputCols()).isDeepEqualTo(whole.outputCols());
      assertThat(stacked.outputValues()).isDeepEqualTo(whole.outputValues());
      assertThat(stacked.pushedEntries()).isEqualTo(whole.pushedEntries());
    }
  }

  @Test
  void rejectsBadRangesAndMismatchedBlocks() {
    CsrGraph g = PprPushTest.randomGraph(50, 100, 1);
    PprPush push = new PprPush(0.25, 1e-3, 4);
    int[] outputs = {1, 2, 3};
    assertThatThrownBy(() -> push.computeRows(g, outputs, 2, 4, ProgressListener.NONE))
        .hasMessageContaining("row range [2, 4) is outside [0, 3]");
    PprMatrix a = push.computeRows(g, outputs, 0, 1, ProgressListener.NONE);
    PprMatrix b = push.computeRows(PprPushTest.randomGraph(60, 100, 1), new int[] {1}, 0, 1,
        ProgressListener.NONE);
    assertThatThrownBy(() -> PprMatrix.concat(List.of(a, b))).hasMessageContaining("over 50 and 60");
    assertThatThrownBy(() -> PprMatrix.concat(List.of())).hasMessageContaining("no PPR row blocks");
  }
}
