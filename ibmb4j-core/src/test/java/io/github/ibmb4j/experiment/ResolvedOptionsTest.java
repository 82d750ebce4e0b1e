package io.github.ibmb4j.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ibmb4j.batching.BatchSpec;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.Datasets;
import io.github.ibmb4j.model.ModelSpec;
import io.github.ibmb4j.progress.ProgressListener;
import io.github.ibmb4j.testing.SharedData;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The run record's resolved configuration describes what ran: planning with the resolved options
 * gives the same batches and the same canonical description as planning with the defaults, for
 * every method, training and evaluation; and no default is left as 0 where the method reads it.
 */
class ResolvedOptionsTest {
  private static Dataset cora;

  @BeforeAll
  static void load() throws Exception {
    cora = Datasets.open(SharedData.graphNpz("cora").toString());
  }

  @Test
  void resolvedOptionsPlanTheSameBatchesForEveryMethod() throws Exception {
    SplitBatches prep = new SplitBatches(cora, BatchingOptions.defaults("full").normalization(),
        false, null, ProgressListener.NONE);
    int[] train = cora.splits().get(0).train();
    int[] val = cora.splits().get(0).val();
    for (String m : BatchingMethods.all().keySet()) {
      for (int layers : new int[] {2, 3}) {
        BatchingOptions given = BatchingOptions.defaults(m).withSeed(7).withLayers(layers);
        BatchingOptions resolved = ResolvedOptions.batching(given, cora, layers);
        assertThat(ResolvedOptions.batching(resolved, cora, layers)).as(m).isEqualTo(resolved);
        for (boolean eval : new boolean[] {false, true}) {
          SplitBatches.Prepared a = prep.prepare(eval ? val : train, eval, given);
          SplitBatches.Prepared b = prep.prepare(eval ? val : train, eval, resolved);
          assertThat(b.description()).as("%s eval=%s layers=%d", m, eval, layers)
              .isEqualTo(a.description());
          assertSamePlan(m, a.plan().batches(), b.plan().batches());
        }
      }
    }
  }

  @Test
  void defaultsTheMethodReadsAreFilledIn() {
    int n = cora.numNodes();
    BatchingOptions node = ResolvedOptions.batching(BatchingOptions.defaults("ibmb-node"), cora, 3);
    assertThat(node.outputsPerBatch()).isEqualTo(n / 17);
    assertThat(node.layers()).isEqualTo(3);
    BatchingOptions parts = ResolvedOptions.batching(BatchingOptions.defaults("cluster-gcn"), cora, 3);
    assertThat(parts.trainParts()).isEqualTo(4);
    assertThat(parts.evalParts()).isEqualTo(2);
    SamplerOptions nb = ResolvedOptions.batching(BatchingOptions.defaults("neighbor"), cora, 3).sampler();
    assertThat(nb.fanout()).containsExactly(2, 3, 2); // cora is sparser than arxiv
    assertThat(nb.batches()).isEqualTo(4);
    SamplerOptions ladies = ResolvedOptions.batching(BatchingOptions.defaults("ladies"), cora, 2).sampler();
    assertThat(ladies.layerNodes()).containsExactly(n / 4, n / 2);
    SamplerOptions saint = ResolvedOptions.batching(BatchingOptions.defaults("saint-rw"), cora, 3).sampler();
    assertThat(List.of(saint.walkLength(), saint.steps())).containsExactly(2, 4);
    assertThat(saint.roots()).isEqualTo(Math.round(24_000.0 * n / 169_343));
    assertThat(saint.coverage()).isEqualTo(100);
    BatchingOptions shadow = ResolvedOptions.batching(BatchingOptions.defaults("shadow"), cora, 3);
    assertThat(shadow.sampler().shadowTopk()).isEqualTo(6);
    assertThat(shadow.sampler().shadowEps()).isEqualTo(1e-3);
    assertThat(shadow.outputsPerBatch()).isEqualTo(n / 7);
    // given values stay
    assertThat(ResolvedOptions.batching(BatchingOptions.defaults("ibmb-node").withOutputsPerBatch(50),
        cora, 3).outputsPerBatch()).isEqualTo(50);
  }

  @Test
  void resolvedModelOptionsGiveTheSameSpec() {
    for (ModelSpec.Type t : ModelSpec.Type.values()) {
      ModelOptions given = ModelOptions.defaults(t);
      ModelOptions r = given.resolved();
      assertThat(r.hidden()).isEqualTo(t == ModelSpec.Type.GAT ? 128 : 256);
      assertThat(r.layers()).isEqualTo(3);
      assertThat(r.heads()).isEqualTo(t == ModelSpec.Type.GAT ? 4 : 1);
      assertThat(r.dropout()).isEqualTo(0.5);
      assertThat(r.weightDecay()).isEqualTo(t == ModelSpec.Type.GCN ? 1e-4 : 0);
      assertThat(r.resolved()).isEqualTo(r);
      assertThat(r.resolve(1433, 7)).isEqualTo(given.resolve(1433, 7));
    }
    ModelOptions custom = new ModelOptions(ModelSpec.Type.SAGE, 64, 2, 0, 0.1, 0.01);
    assertThat(custom.resolved().resolve(10, 3)).isEqualTo(custom.resolve(10, 3));
  }

  private static void assertSamePlan(String m, List<BatchSpec> a, List<BatchSpec> b) {
    assertThat(b).as(m).hasSameSizeAs(a);
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i).outputs()).as("%s batch %d outputs", m, i).containsExactly(a.get(i).outputs());
      assertThat(b.get(i).auxiliary()).as("%s batch %d nodes", m, i).containsExactly(a.get(i).auxiliary());
    }
  }
}
