package io.github.ibmb4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  void accuracyIgnoresUnlabelled() {
    assertThat(Metrics.accuracy(new int[] {0, 1, 2, 2}, new int[] {0, 1, 1, -1})).isEqualTo(2.0 / 3);
    assertThat(Metrics.accuracy(new int[] {0}, new int[] {-1})).isNaN();
  }

  @Test
  void macroF1MatchesScikitLearn() {
    // sklearn.metrics.f1_score([0,1,2,0,1,2], [0,2,1,0,0,1], average='macro') == 0.26666666666666666
    int[] truth = {0, 1, 2, 0, 1, 2};
    int[] pred = {0, 2, 1, 0, 0, 1};
    assertThat(Metrics.macroF1(pred, truth, 3)).isCloseTo(0.26666666666666666, within(1e-12));
    // a class absent from both truth and predictions does not count
    assertThat(Metrics.macroF1(pred, truth, 5)).isCloseTo(0.26666666666666666, within(1e-12));
    // perfect predictions
    assertThat(Metrics.macroF1(truth, truth, 3)).isEqualTo(1.0);
  }
}
