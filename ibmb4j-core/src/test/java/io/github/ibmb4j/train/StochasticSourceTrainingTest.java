package io.github.ibmb4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ibmb4j.batching.BatchMaterializer;
import io.github.ibmb4j.batching.BatchSource;
import io.github.ibmb4j.batching.SampledBatchSource;
import io.github.ibmb4j.batching.baseline.NeighborSampler;
import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.graph.Normalization;
import io.github.ibmb4j.model.GnnModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training with a stochastic source (fresh batches per epoch) stays reproducible: resuming from a
 * saved state gives the same weights as an uninterrupted run, and 1 and 2 threads agree.
 */
class StochasticSourceTrainingTest {

  private static BatchSource sampler(TrainerTest.Problem p) {
    BatchMaterializer m = new BatchMaterializer(p.graph(), Normalization.SYM, p.features(),
        p.labels(), true);
    return new SampledBatchSource(
        new NeighborSampler(m.graph(), p.split().train(), new int[] {3, 3}, 3, true, 11), m);
  }

  @Test
  void resumingWithASamplerGivesTheSameWeights(@TempDir Path dir) throws Exception {
    TrainerTest.Problem p = TrainerTest.problem();
    TrainOptions opts = TrainOptions.reference(5).withEpochs(8);
    List<Trainer.Validation> val = List.of(new Trainer.Validation("val", p.valSource()));
    GnnModel straight = TrainerTest.model();
    new Trainer(opts, null).train(straight, sampler(p), val);

    Path stateFile = dir.resolve("state.bin");
    new Trainer(opts.withEpochs(3), new TrainListener() {
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
    }).train(TrainerTest.model(), sampler(p), val);
    TrainState state = TrainState.read(stateFile);
    GnnModel resumed = GnnModel.create(straight.spec(), 99);
    new Trainer(opts, null).train(resumed, sampler(p), val, state);
    float[][] a = straight.snapshot();
    float[][] b = resumed.snapshot();
    for (int i = 0; i < a.length; i++) {
      assertThat(b[i]).as("parameter %d", i).containsExactly(a[i]);
    }
  }

  @Test
  void sameWeightsWithOneAndTwoThreads() {
    TrainerTest.Problem p = TrainerTest.problem();
    TrainOptions opts = TrainOptions.reference(6).withEpochs(4);
    int before = Parallel.threads();
    try {
      Parallel.setThreads(1);
      GnnModel one = TrainerTest.model();
      new Trainer(opts, null).train(one, sampler(p), List.of());
      Parallel.setThreads(2);
      GnnModel two = TrainerTest.model();
      new Trainer(opts, null).train(two, sampler(p), List.of());
      float[][] a = one.snapshot();
      float[][] b = two.snapshot();
      for (int i = 0; i < a.length; i++) {
        assertThat(b[i]).containsExactly(a[i]);
      }
    } finally {
      Parallel.setThreads(before);
    }
  }
}
