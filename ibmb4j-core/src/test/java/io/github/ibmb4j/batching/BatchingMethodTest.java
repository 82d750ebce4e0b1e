package io.github.ibmb4j.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbOptions;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.progress.ProgressListener;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The typed method layer: every name maps to its record, defaults depend only on the graph and the
 * model, canonical descriptions (batch-cache keys) are versioned and change exactly with the options
 * in effect, and a training request of a sampling method answers with a sampler.
 */
class BatchingMethodTest {
  /** Symmetric, with self-loops. */
  private static final CsrGraph GRAPH = PlannerContractTest.clusteredGraph(340, 4, 3);

  @Test
  void everyNameHasItsRecordAndUnknownNamesAreRejected() {
    Set<String> canonical = new HashSet<>();
    for (String name : BatchingMethod.NAMES) {
      BatchingMethod m = BatchingMethod.defaults(name, 5);
      assertThat(m.name()).isEqualTo(name);
      assertThat(m.canonical()).startsWith(name + "/v" + BatchingMethod.DESCRIPTION_VERSION + "{");
      canonical.add(m.resolve(GRAPH, BatchingMethod.Model.DEFAULT).canonical());
    }
    assertThat(canonical).hasSize(BatchingMethod.NAMES.size());
    assertThatThrownBy(() -> BatchingMethod.defaults("graphsage", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'graphsage'").hasMessageContaining("ibmb-node, ibmb-batch");
  }

  @Test
  void theRegistryHasEveryPermittedRecordOnce() {
    // a record added to 'permits' without its registry line (or registered twice) fails here
    List<Class<?>> registered = new java.util.ArrayList<>();
    for (BatchingMethod.Registration r : BatchingMethod.REGISTRY) {
      registered.add(r.defaults().apply(0).getClass());
    }
    assertThat(registered).doesNotHaveDuplicates()
        .containsExactlyInAnyOrder(BatchingMethod.class.getPermittedSubclasses());
    assertThat(BatchingMethod.NAMES).doesNotHaveDuplicates().hasSize(registered.size());
  }

  @Test
  void defaultsDependOnTheGraphAndTheModelOnly() {
    // 340 nodes, top-k 16: floor(340 / 17) = 20 outputs per batch; a model limit of 8 caps it
    IbmbNodeMethod d = IbmbNodeMethod.DEFAULTS.resolve(GRAPH, BatchingMethod.Model.DEFAULT);
    assertThat(d.outputsPerBatch()).isEqualTo(20);
    assertThat(IbmbNodeMethod.DEFAULTS.resolve(GRAPH, new BatchingMethod.Model(3, 8))
        .outputsPerBatch()).isEqualTo(8);
    assertThat(NodeWiseIbmbOptions.defaultOutputsPerBatch(169_343, 16, 4000)).isEqualTo(4000);
    assertThat(NodeWiseIbmbOptions.defaultOutputsPerBatch(169_343, 16)).isEqualTo(9000);
    // ShaDow's default target uses its own k (6): floor(340 / 7) = 48
    assertThat(ShadowMethod.defaults(0).resolve(GRAPH, BatchingMethod.Model.DEFAULT).outputsPerBatch())
        .isEqualTo(48);
    // layer-wise samplers: one size per graph layer of the model
    assertThat(NeighborMethod.defaults(0).resolve(GRAPH, BatchingMethod.Model.DEFAULT.withLayers(2))
        .fanout()).hasSize(2);
    assertThat(LadiesMethod.defaults(0).resolve(GRAPH, BatchingMethod.Model.DEFAULT).layerNodes())
        .containsExactly(85, 170, 170);
    assertThatThrownBy(() -> new NeighborMethod(List.of(5, 5), 0, 0)
        .resolve(GRAPH, BatchingMethod.Model.DEFAULT))
        .hasMessageContaining("expected one per graph layer (3)");
  }

  @Test
  void canonicalDescriptionsChangeExactlyWithTheOptionsInEffect() {
    BatchingMethod.Model model = BatchingMethod.Model.DEFAULT;
    String omitted = IbmbNodeMethod.DEFAULTS.resolve(GRAPH, model).canonical();
    String explicit = new IbmbNodeMethod(16, 0.25, 2e-4, 20, 0).resolve(GRAPH, model).canonical();
    assertThat(explicit).isEqualTo(omitted)
        .isEqualTo("ibmb-node/v1{topk=16,alpha=0.25,eps=2.0E-4,outputsPerBatch=20,auxPerBatch=0}");
    assertThat(new IbmbNodeMethod(16, 0.25, 2e-4, 21, 0).resolve(GRAPH, model).canonical())
        .isNotEqualTo(omitted);
    assertThat(ClusterGcnMethod.defaults(1).canonical()).isNotEqualTo(ClusterGcnMethod.defaults(2)
        .canonical());
    assertThat(new NeighborMethod(List.of(2, 3, 2), 4, 0).canonical())
        .isEqualTo("neighbor/v1{fanout=[2,3,2],batches=4,seed=0}");
  }

  @Test
  void optionsAreValidatedOnConstruction() {
    assertThatThrownBy(() -> new IbmbNodeMethod(0, 0.25, 2e-4, 0, 0)).hasMessageContaining("top-k is 0");
    assertThatThrownBy(() -> new ShadowMethod(6, 2, 0.25, 0, 0))
        .hasMessageContaining("ShaDow push threshold is 2.0");
    assertThatThrownBy(() -> new LadiesMethod(List.of(0), 0, 0)).hasMessageContaining("[0]");
    assertThatThrownBy(() -> new ClusterGcnMethod(-1, 0, 0)).hasMessageContaining("-1");
    assertThatThrownBy(() -> new BatchingMethod.Model(0, 9000)).hasMessageContaining("layers is 0");
  }

  @Test
  void samplingMethodsAnswerTrainingRequestsWithASampler() {
    int[] outputs = PlannerContractTest.randomOutputs(340, 60, 2);
    BatchMaterializer m = PlannerContractTest.materializer(GRAPH, 1);
    for (String name : BatchingMethod.NAMES) {
      BatchingMethod method = BatchingMethod.defaults(name, 3);
      Preparation p = method.prepare(new BatchingMethod.Request(m.graph(), BatchingMethod.Model.DEFAULT,
          outputs, false, m, ProgressListener.NONE));
      assertThat(p instanceof Preparation.Sampler).as(name).isEqualTo(method.samplesEveryEpoch());
    }
  }
}
