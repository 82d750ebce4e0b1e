package io.github.ibmb4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ibmb4j.tensor.Batch;
import io.github.ibmb4j.batching.BatchSource;
import io.github.ibmb4j.batching.BatchMaterializer;
import io.github.ibmb4j.batching.baseline.FullGraphPlanner;
import io.github.ibmb4j.batching.PrecomputedBatchSource;
import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.data.Features;
import io.github.ibmb4j.data.Split;
import io.github.ibmb4j.data.Splits;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.graph.GraphBuilder;
import io.github.ibmb4j.graph.GraphOps;
import io.github.ibmb4j.graph.Normalization;
import io.github.ibmb4j.model.GnnModel;
import io.github.ibmb4j.model.ModelSpec;
import io.github.ibmb4j.tensor.Matrix;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
  static final int N = 300;
  static final int C = 3;
  static final int F = 8;

  /** A planted-class graph: 90 % of edges inside a class, weakly informative features. */
  record Problem(CsrGraph graph, Features features, int[] labels, Split split) {
    BatchSource trainSource() {
      int[] t = split.train();
      int half = t.length / 2;
      return PrecomputedBatchSource.sequential("three full-graph batches", List.of(
          batch(Arrays.copyOfRange(t, 0, half)), batch(Arrays.copyOfRange(t, half, t.length)),
          batch(Arrays.copyOfRange(t, 0, 10))));
    }

    BatchSource valSource() {
      return PrecomputedBatchSource.sequential("val", List.of(batch(split.val())));
    }

    Batch batch(int[] outputs) {
      BatchMaterializer m = new BatchMaterializer(graph, Normalization.SYM, features, labels, true);
      return m.materialize(new FullGraphPlanner().plan(graph, outputs).batches().get(0));
    }
  }

  static Problem problem() {
    SplittableRandom r = new SplittableRandom(7);
    int[] labels = new int[N];
    for (int v = 0; v < N; v++) {
      labels[v] = v % C;
    }
    int m = 4 * N;
    int[] s = new int[m];
    int[] t = new int[m];
    for (int i = 0; i < m; i++) {
      s[i] = r.nextInt(N);
      int target;
      do {
        target = r.nextInt(N);
      } while ((labels[target] == labels[s[i]]) != (r.nextDouble() < 0.9));
      t[i] = target;
    }
    CsrGraph g = GraphOps.withSelfLoops(GraphBuilder.fromEdges(N, s, t, true));
    Matrix x = Matrix.zeros(N, F);
    for (int v = 0; v < N; v++) {
      for (int j = 0; j < F; j++) {
        x.set(v, j, (float) r.nextGaussian() + (j == labels[v] ? 0.8f : 0f));
      }
    }
    return new Problem(g, new Features.Dense(x), labels, Splits.stratified(labels, 0.3, 0.3, 0));
  }

  static GnnModel model() {
    return GnnModel.create(ModelSpec.of(ModelSpec.Type.GCN, F, 16, C, 2), 1);
  }

  @Test
  void learnsPlantedClassesAndRestoresBestWeights() {
    Problem p = problem();
    GnnModel model = model();
    TrainOptions opts = TrainOptions.reference(3).withEpochs(0, 60, 100).withLearningRate(1e-2);
    TrainResult res = new Trainer(opts, null)
        .train(model, p.trainSource(), List.of(new Trainer.Validation("val", p.valSource())));
    assertThat(res.epochsRun()).isEqualTo(60);
    assertThat(res.bestValAccuracy()).isGreaterThan(0.85);
    // the model now holds the best epoch's weights: re-evaluating reproduces that epoch's accuracy
    Evaluation e = Evaluator.evaluate(model, p.valSource());
    assertThat(e.accuracy()).isEqualTo(res.curve().get(res.bestEpoch()).valAccuracy());
    assertThat(res.curve().get(0).trainLoss()).isGreaterThan(res.curve().get(59).trainLoss());
    assertThat(res.secondsToAccuracy(0.0)).isEqualTo(res.curve().get(0).elapsedSeconds());
  }

  @Test
  void earlyStoppingStopsAfterPatience() {
    Problem p = problem();
    TrainOptions opts = TrainOptions.reference(3).withEpochs(5, 500, 3).withLearningRate(1e-2);
    TrainResult res = new Trainer(opts, null)
        .train(model(), p.trainSource(), List.of(new Trainer.Validation("val", p.valSource())));
    assertThat(res.epochsRun()).isLessThan(500);
    assertThat(res.epochsRun() - 1 - res.bestEpoch()).isGreaterThan(3);
  }

  @Test
  void resumingGivesTheSameWeightsAsAnUninterruptedRun(@TempDir Path dir) throws Exception {
    Problem p = problem();
    TrainOptions opts = TrainOptions.reference(5).withEpochs(12).withMicroBatch(2);
    List<Trainer.Validation> val = List.of(new Trainer.Validation("val", p.valSource()));

    GnnModel straight = model();
    TrainResult full = new Trainer(opts, null).train(straight, p.trainSource(), val);

    Path stateFile = dir.resolve("state.bin");
    GnnModel first = model();
    TrainOptions shortRun = opts.withEpochs(5);
    new Trainer(shortRun, new TrainListener() {
      @Override
      public boolean wantsState() {
        return true;
      }

      @Override
      public void stateAfterEpoch(TrainState state) {
        try {
          state.write(stateFile);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }).train(first, p.trainSource(), val);

    TrainState state = TrainState.read(stateFile);
    assertThat(state.nextEpoch()).isEqualTo(5);
    GnnModel resumed = GnnModel.create(straight.spec(), 99); // different init, overwritten by the state
    TrainResult rest = new Trainer(opts, null).train(resumed, p.trainSource(), val, state);
    assertThat(rest.epochsRun()).isEqualTo(full.epochsRun());
    float[][] a = straight.snapshot();
    float[][] b = resumed.snapshot();
    for (int i = 0; i < a.length; i++) {
      assertThat(b[i]).as("parameter %d", i).containsExactly(a[i]);
    }
    assertThat(rest.curve().get(11).valLoss()).isEqualTo(full.curve().get(11).valLoss());
  }

  @Test
  void sameWeightsWithOneAndTwoThreads() {
    Problem p = problem();
    TrainOptions opts = TrainOptions.reference(11).withEpochs(6);
    int before = Parallel.threads();
    try {
      Parallel.setThreads(1);
      GnnModel one = model();
      new Trainer(opts, null).train(one, p.trainSource(), List.of());
      Parallel.setThreads(2);
      GnnModel two = model();
      new Trainer(opts, null).train(two, p.trainSource(), List.of());
      float[][] a = one.snapshot();
      float[][] b = two.snapshot();
      for (int i = 0; i < a.length; i++) {
        assertThat(b[i]).containsExactly(a[i]);
      }
    } finally {
      Parallel.setThreads(before);
    }
  }

  @Test
  void repeatedEvaluationReportsTheMedianPassWithTheSamePredictions() {
    Problem p = problem();
    GnnModel model = model();
    Evaluation once = Evaluator.evaluate(model, p.valSource());
    Evaluation median = Evaluator.evaluateRepeated(model, p.valSource(), 5);
    assertThat(median.predicted()).containsExactly(once.predicted());
    assertThat(median.accuracy()).isEqualTo(once.accuracy());
    assertThat(median.seconds()).isPositive();
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> Evaluator.evaluateRepeated(model, p.valSource(), 0)).hasMessageContaining("repeats is 0");
  }

  @Test
  void corruptStateIsRejected(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("s.bin");
    java.nio.file.Files.write(f, new byte[40]);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TrainState.read(f))
        .hasMessageContaining("corrupt");
  }
}
