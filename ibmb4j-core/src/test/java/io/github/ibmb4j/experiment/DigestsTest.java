package io.github.ibmb4j.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ibmb4j.batching.BatchPlan;
import io.github.ibmb4j.batching.BatchSpec;
import io.github.ibmb4j.data.DatasetFormatException;
import io.github.ibmb4j.data.NodeIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The canonical digests and the original-id maps they read. */
class DigestsTest {
  @TempDir Path tmp;

  static BatchPlan plan(BatchSpec... b) {
    return new BatchPlan("ibmb-node", new int[] {0, 1, 2, 3}, List.of(b));
  }

  @Test
  void planDigestIgnoresBatchOrderAndFollowsTheOriginalIds() {
    BatchSpec x = new BatchSpec(new int[] {0, 2}, new int[] {0, 1, 2});
    BatchSpec y = new BatchSpec(new int[] {1, 3}, new int[] {1, 3, 4});
    NodeIds identity = NodeIds.identity(5);
    String d = Digests.plan(plan(x, y), identity);
    assertThat(d).hasSize(64).isEqualTo(Digests.plan(plan(y, x), identity));
    // the same ids written as longs explicitly give the same digest as the identity map
    assertThat(Digests.plan(plan(x, y), NodeIds.ofLongs(new long[] {0, 1, 2, 3, 4}))).isEqualTo(d);
    // other original ids, another batch split or another auxiliary set: another digest
    assertThat(Digests.plan(plan(x, y), NodeIds.ofLongs(new long[] {0, 1, 2, 3, 7}))).isNotEqualTo(d);
    assertThat(Digests.plan(plan(new BatchSpec(new int[] {0, 1}, new int[] {0, 1, 2}),
        new BatchSpec(new int[] {2, 3}, new int[] {1, 2, 3, 4})), identity)).isNotEqualTo(d);
    assertThat(Digests.plan(plan(x, new BatchSpec(new int[] {1, 3}, new int[] {1, 3})), identity))
        .isNotEqualTo(d);
    // the canonical form holds the ids' text, so string ids with the same text agree
    assertThat(Digests.plan(plan(x, y), NodeIds.ofStrings(new String[] {"0", "1", "2", "3", "4"})))
        .isEqualTo(d);
  }

  @Test
  void predictionsDigestIsOrderFreeAndBitExact() {
    NodeIds ids = NodeIds.identity(4);
    String d = Digests.predictions(new int[] {2, 0, 3}, new int[] {1, 0, 2},
        new float[] {0.5f, 0.25f, 0.75f}, ids);
    assertThat(Digests.predictions(new int[] {0, 3, 2}, new int[] {0, 2, 1},
        new float[] {0.25f, 0.75f, 0.5f}, ids)).isEqualTo(d);
    assertThat(Digests.predictions(new int[] {0, 3, 2}, new int[] {0, 2, 1},
        new float[] {0.25f, Math.nextUp(0.75f), 0.5f}, ids)).isNotEqualTo(d);
    assertThatThrownBy(() -> Digests.predictions(new int[] {1, 1}, new int[] {0, 0},
        new float[] {1, 1}, ids)).hasMessageContaining("node 1 is predicted twice");
  }

  @Test
  void nodeIdFilesRoundTripAndBadOnesNameTheProblem() throws Exception {
    NodeIds s = NodeIds.ofStrings(new String[] {"a b", "b", "é"});
    s.write(tmp.resolve(NodeIds.FILE_NAME));
    NodeIds r = NodeIds.forDataset(tmp.toString(), 3);
    assertThat(r.isLong()).isFalse();
    assertThat(List.of(r.text(0), r.text(1), r.text(2))).containsExactly("a b", "b", "é");
    assertThatThrownBy(() -> NodeIds.forDataset(tmp.toString(), 4))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("holds 3 node ids, the dataset has 4");
    assertThat(NodeIds.forDataset(tmp.resolve("absent").toString(), 7).isIdentity()).isTrue();
    Files.writeString(tmp.resolve(NodeIds.FILE_NAME), "ibmb-node-ids v1 long 2\n5\n3\n");
    assertThatThrownBy(() -> NodeIds.forDataset(tmp.toString(), 2))
        .hasMessageContaining("not strictly ascending at position 1");
    Files.writeString(tmp.resolve(NodeIds.FILE_NAME), "something else\n");
    assertThatThrownBy(() -> NodeIds.forDataset(tmp.toString(), 2))
        .hasMessageContaining("expected 'ibmb-node-ids v1 long|string N'");
    assertThatThrownBy(() -> NodeIds.ofStrings(new String[] {"a\nb"}))
        .hasMessageContaining("contains a line break");
  }
}
