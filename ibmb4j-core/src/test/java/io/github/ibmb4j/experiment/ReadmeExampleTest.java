package io.github.ibmb4j.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ibmb4j.batching.IbmbNodeMethod;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.Datasets;
import io.github.ibmb4j.model.ModelSpec;
import io.github.ibmb4j.progress.ProgressListener;
import io.github.ibmb4j.testing.SharedData;
import io.github.ibmb4j.train.TrainListener;
import io.github.ibmb4j.train.TrainOptions;
import org.junit.jupiter.api.Test;

/** The README's "Using the library" example, verbatim but for the epoch count, must keep working. */
class ReadmeExampleTest {

  @Test
  void libraryExampleRuns() throws Exception {
    Dataset data = Datasets.open(SharedData.graphNpz("cora").toString());
    TrainingRun.Batching batching = TrainingRun.Batching.of(IbmbNodeMethod.DEFAULTS, 0);
    TrainingRun.Spec spec = new TrainingRun.Spec(batching, ModelOptions.defaults(ModelSpec.Type.GCN),
        TrainOptions.reference(0).withEpochs(5), 0);
    TrainingRun.Result r = TrainingRun.run(data, spec, null, null, TrainListener.NONE, ProgressListener.NONE);
    double testAccuracy = r.inference("ibmb-node").evaluation().accuracy();
    assertThat(testAccuracy).isBetween(0.3, 1.0);
    assertThat(r.train().epochsRun()).isEqualTo(5);
  }
}
