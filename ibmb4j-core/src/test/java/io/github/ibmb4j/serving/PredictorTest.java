package io.github.ibmb4j.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.Datasets;
import io.github.ibmb4j.batching.BatchMaterializer;
import io.github.ibmb4j.batching.IbmbNodeMethod;
import io.github.ibmb4j.experiment.TrainingRun;
import io.github.ibmb4j.graph.Normalization;
import io.github.ibmb4j.experiment.SplitBatches;
import io.github.ibmb4j.model.GnnModel;
import io.github.ibmb4j.model.ModelSpec;
import io.github.ibmb4j.progress.ProgressListener;
import io.github.ibmb4j.testing.SharedData;
import io.github.ibmb4j.train.Evaluation;
import io.github.ibmb4j.train.Evaluator;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The predictor against whole-split inference on the same batches, and its request validation. */
class PredictorTest {
  static Dataset cora;
  static GnnModel model;
  static final IbmbNodeMethod IBMB = IbmbNodeMethod.DEFAULTS;
  static final Normalization NORM = BatchMaterializer.DEFAULT_NORMALIZATION;

  @BeforeAll
  static void setUp() throws IOException {
    cora = Datasets.open(SharedData.graphNpz("cora").toString());
    // any weights serve for exactness: the predictor must compute what the evaluator computes
    model = GnnModel.create(ModelSpec.of(ModelSpec.Type.GCN, cora.features().dim(), 32,
        cora.numClasses(), 3), 7);
  }

  @Test
  void trainingBatchesReproduceWholeSplitInferenceExactly() throws IOException {
    int[] test = cora.split().test();
    SplitBatches prep = new SplitBatches(cora, NORM, true, null, ProgressListener.NONE);
    var bm = TrainingRun.batchingModel(model.spec());
    Evaluation e = Evaluator.evaluate(model, prep.prepare(test, true, IBMB, bm)
        .source("sequential", cora.numClasses(), 0));
    Map<Integer, Integer> expected = new HashMap<>();
    Map<Integer, Float> expectedP = new HashMap<>();
    for (int i = 0; i < e.size(); i++) {
      expected.put(e.nodes()[i], e.predicted()[i]);
      expectedP.put(e.nodes()[i], e.probability()[i]);
    }
    try (Predictor p = Predictor.of(model, cora, IBMB, NORM, PredictorOptions.trainingBatches())) {
      Predictions got = p.predict(test);
      assertThat(got.size()).isEqualTo(test.length);
      for (int i = 0; i < test.length; i++) {
        Prediction q = got.get(i);
        assertThat(q.node()).isEqualTo(test[i]);
        assertThat(q.predicted()).as("node %d", test[i]).isEqualTo(expected.get(test[i]));
        assertThat(q.probability()).as("node %d", test[i]).isEqualTo(expectedP.get(test[i]));
      }
      assertThat(got.accuracy()).isEqualTo(e.accuracy());
      assertThat(got.batches()).isEqualTo(prep.prepare(test, true, IBMB, bm).numBatches());
    }
  }

  /** The README's example: open a run directory (config.json, model.safetensors, record.json). */
  @Test
  void opensARunDirectory(@org.junit.jupiter.api.io.TempDir java.nio.file.Path runDir)
      throws IOException {
    String data = SharedData.graphNpz("cora").toString().replace("\\", "\\\\");
    java.nio.file.Files.writeString(runDir.resolve("config.json"), """
        {"dataset": {"dataset": "%s", "splitIndex": 0, "splitSeed": null,
                     "splitFractions": null, "projectFeatures": null, "projectionSeed": 0},
         "batching": {"method": "ibmb-node", "topk": 16, "alpha": 0.25, "eps": 2.0E-4,
                      "outputsPerBatch": 0, "auxPerBatch": 0, "normalization": "RW"}}
        """.formatted(data));
    java.nio.file.Files.writeString(runDir.resolve("record.json"),
        "{\"dataset\": \"cora\", \"valAccuracy\": 0.5, \"curve\": [1, 2]}");
    io.github.ibmb4j.model.Checkpoints.save(model, runDir.resolve("model.safetensors"));

    try (Predictor predictor = Predictor.open(runDir)) {
      Predictions p = predictor.predict(17, 4711 % cora.numNodes(), 99);
      for (Prediction q : p.predictions()) {
        assertThat(q.probabilities()[q.predicted()]).isEqualTo(q.probability());
      }
      ModelInfo info = predictor.info();
      assertThat(info.training()).containsEntry("dataset", "cora").containsKey("valAccuracy")
          .doesNotContainKey("curve");
      assertThat(info.datasetFingerprint()).hasSize(64);
      assertThat(info.numFeatures()).isEqualTo(cora.features().dim());
      assertThat(info.toMap()).containsKeys("model", "options", "training");
      try (Predictor full = Predictor.open(runDir, PredictorOptions.defaults().withMethod("full"))) {
        assertThat(full.predict(17, 4711 % cora.numNodes(), 99).predicted())
            .isEqualTo(p.predicted());
      }
    }
    java.nio.file.Files.delete(runDir.resolve("model.safetensors"));
    assertThatThrownBy(() -> Predictor.open(runDir))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
  }

  @Test
  void badInputNamesTheField() {
    try (Predictor p = Predictor.of(model, cora, IBMB, NORM, PredictorOptions.defaults()
        .withMaxNodesPerRequest(5))) {
      int n = cora.numNodes();
      assertThatThrownBy(() -> p.predict(-1)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("nodes[0] is -1");
      assertThatThrownBy(() -> p.predict(0, n)).hasMessageContaining("nodes[1] is " + n);
      assertThatThrownBy(() -> p.predict(1, 2, 3, 4, 5, 6)).hasMessageContaining("at most 5");
      assertThatThrownBy(() -> p.predict(new int[0])).hasMessageContaining("nodes is empty");
      float[] shortRow = new float[3];
      assertThatThrownBy(() -> p.predict(PredictRequest.of().withNewNodes(
          List.of(new PredictRequest.NewNode(shortRow, new int[] {0}, null)))))
          .hasMessageContaining("new_nodes[0].features has 3 values, expected "
              + cora.features().dim());
      float[] nan = new float[cora.features().dim()];
      nan[4] = Float.NaN;
      assertThatThrownBy(() -> p.predict(PredictRequest.of().withNewNodes(
          List.of(new PredictRequest.NewNode(nan, new int[] {0}, null)))))
          .hasMessageContaining("new_nodes[0].features[4] is NaN");
      assertThatThrownBy(() -> p.submit(-5)).hasMessageContaining("nodes[0] is -5");
    }
  }

  @Test
  void submittedRequestsGetTheirOwnNodes() throws Exception {
    try (Predictor p = Predictor.of(model, cora, IBMB, NORM, PredictorOptions.defaults())) {
      var a = p.submit(3, 1, 3);
      var b = p.submit(100);
      assertThat(Arrays.stream(a.get().predictions().toArray(Prediction[]::new))
          .mapToInt(Prediction::node).toArray()).containsExactly(3, 1, 3);
      assertThat(b.get().get(0).node()).isEqualTo(100);
      assertThat(p.stats().requests()).isEqualTo(2);
    }
  }
}
