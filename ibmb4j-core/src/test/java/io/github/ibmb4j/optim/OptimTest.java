package io.github.ibmb4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.github.ibmb4j.nn.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Adam/AdamW against hand-computed steps, the plateau scheduler and early stopping against hand traces. */
class OptimTest {

  private static Parameter param(boolean decayed) {
    Parameter p = new Parameter("w", decayed, 2);
    p.values()[0] = 1f;
    p.values()[1] = -2f;
    return p;
  }

  private static void twoSteps(Optimizer opt, Parameter p) {
    float[][] grads = {{0.5f, 0.1f}, {-0.2f, 0.3f}};
    for (float[] g : grads) {
      opt.zeroGrad();
      System.arraycopy(g, 0, p.grads(), 0, 2);
      opt.step();
    }
  }

  @Test
  void adamWithCoupledWeightDecayMatchesHandComputedSteps() {
    // Step 1 moves each weight by lr·sign(g + wd·w); step 2 computed by hand from PyTorch's formulas
    // (m, v with bias corrections, lr 0.1, wd 0.01, β = (0.9, 0.999), ε = 1e-8).
    Parameter p = param(true);
    Adam adam = new Adam(List.of(p), 0.1, 0.01);
    twoSteps(adam, p);
    assertThat(p.values()[0]).isCloseTo(0.8633641f, offset(2e-6f));
    assertThat(p.values()[1]).isCloseTo(-2.1899942f, offset(2e-6f));
    assertThat(adam.steps()).isEqualTo(2);
  }

  @Test
  void weightDecayOnlyForTheDecayedGroup() {
    Parameter decayed = param(true);
    Parameter plain = param(false);
    Adam a = new Adam(List.of(decayed, plain), 0.1, 0.5);
    decayed.grads()[0] = 0.1f;
    plain.grads()[0] = 0.1f;
    decayed.grads()[1] = 0.1f;
    plain.grads()[1] = 0.1f;
    a.step();
    // w[1] = -2: the decayed gradient 0.1 + 0.5·(-2) < 0 moves it up, the plain one down.
    assertThat(decayed.values()[1]).isCloseTo(-1.9f, offset(1e-6f));
    assertThat(plain.values()[1]).isCloseTo(-2.1f, offset(1e-6f));
  }

  @Test
  void adamWDecouplesWeightDecay() {
    Parameter p = param(true);
    twoSteps(new AdamW(List.of(p), 0.1, 0.01), p);
    assertThat(p.values()[0]).isCloseTo(0.8635404f, offset(2e-6f));
    assertThat(p.values()[1]).isCloseTo(-2.1876801f, offset(2e-6f));
  }

  @Test
  void adamStateRoundTripResumesIdentically() {
    Parameter a = param(true);
    Parameter b = param(true);
    Adam first = new Adam(List.of(a), 0.1, 0.01);
    a.grads()[0] = 0.3f;
    first.step();
    Adam.State s = first.state();
    System.arraycopy(a.values(), 0, b.values(), 0, 2);
    Adam second = new Adam(List.of(b), 0.5, 0.01);
    second.load(s);
    a.grads()[1] = -0.7f;
    b.grads()[0] = 0.3f;
    b.grads()[1] = -0.7f;
    first.step();
    second.step();
    assertThat(b.values()).containsExactly(a.values());
    assertThat(second.learningRate()).isEqualTo(0.1);
    assertThatThrownBy(() -> new Adam(List.of(new Parameter("x", true, 3)), 0.1, 0).load(s))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x");
  }

  @Test
  void reduceLrOnPlateauFollowsTheHandTrace() {
    Parameter p = param(false);
    Adam adam = new Adam(List.of(p), 1.0, 0);
    ReduceLrOnPlateau s = new ReduceLrOnPlateau(adam, 0.5, 2, 1, 0.2, 0.1);
    double[] metric = {10, 9.5, 9.2, 9.1, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8};
    double[] lr = {1, 1, 1, .5, .5, .5, .5, .25, .25, .25, .25, .2, .2, .2, .2, .2};
    boolean[] reduced = new boolean[16];
    reduced[3] = reduced[7] = reduced[11] = true;
    for (int e = 0; e < metric.length; e++) {
      assertThat(s.step(metric[e])).as("reduced at epoch " + e).isEqualTo(reduced[e]);
      assertThat(adam.learningRate()).as("lr after epoch " + e).isCloseTo(lr[e], offset(1e-12));
    }
    ReduceLrOnPlateau.State st = s.state();
    assertThat(st.best()).isEqualTo(8.0);
    ReduceLrOnPlateau copy = new ReduceLrOnPlateau(adam, 0.5, 2, 1, 0.2, 0.1);
    copy.load(st);
    assertThat(copy.state()).isEqualTo(st);
  }

  @Test
  void referenceSchedulerWaitsPatiencePlusOneEpochs() {
    Adam adam = new Adam(List.of(param(false)), 1e-3, 0);
    ReduceLrOnPlateau s = ReduceLrOnPlateau.reference(adam);
    s.step(1.0);
    for (int e = 0; e < 30; e++) {
      assertThat(s.step(1.0)).isFalse();
    }
    assertThat(s.step(1.0)).isTrue();
    assertThat(adam.learningRate()).isCloseTo(3.3e-4, offset(1e-12));
  }

  @Test
  void earlyStoppingTrace() {
    EarlyStopping es = new EarlyStopping(3, 10, 2);
    double[] acc = {0.5, 0.6, 0.6, 0.55, 0.7, 0.7, 0.7, 0.7};
    boolean[] improved = {true, true, false, false, true, false, false, false};
    for (int e = 0; e < acc.length; e++) {
      assertThat(es.shouldStop()).as("stop before epoch " + e).isFalse();
      assertThat(es.observe(acc[e])).as("improved at epoch " + e).isEqualTo(improved[e]);
    }
    assertThat(es.shouldStop()).isTrue();
    assertThat(es.bestEpoch()).isEqualTo(4);
    assertThat(es.bestAccuracy()).isEqualTo(0.7);
  }

  @Test
  void earlyStoppingRespectsMinAndMaxEpochs() {
    EarlyStopping es = new EarlyStopping(5, 10, 1);
    es.observe(0.9);
    for (int e = 1; e <= 5; e++) {
      es.observe(0.1);
      assertThat(es.shouldStop()).as("epoch " + e).isFalse();
    }
    es.observe(0.1);
    assertThat(es.shouldStop()).isTrue();
    EarlyStopping max = new EarlyStopping(0, 4, 100);
    for (int e = 0; e < 4; e++) {
      assertThat(max.shouldStop()).isFalse();
      max.observe(e);
    }
    assertThat(max.shouldStop()).isTrue();
    EarlyStopping copy = new EarlyStopping(0, 4, 100);
    copy.load(max.state());
    assertThat(copy.state()).isEqualTo(max.state());
  }

  @Test
  void gradientAccumulationGroupsAndScaling() {
    GradientAccumulation g = new GradientAccumulation(7, 3);
    float[] scale = new float[7];
    boolean[] step = new boolean[7];
    for (int i = 0; i < 7; i++) {
      scale[i] = g.lossScale(i);
      step[i] = g.stepAfter(i);
    }
    assertThat(scale).containsExactly(1 / 3f, 1 / 3f, 1 / 3f, 1 / 3f, 1 / 3f, 1 / 3f, 1f);
    assertThat(step).containsExactly(false, false, true, false, false, true, true);
    assertThat(g.stepsPerEpoch()).isEqualTo(3);
    GradientAccumulation even = new GradientAccumulation(6, 3);
    assertThat(even.stepAfter(5)).isTrue();
    assertThat(even.stepsPerEpoch()).isEqualTo(2);
    GradientAccumulation one = new GradientAccumulation(4, 1);
    assertThat(one.lossScale(2)).isEqualTo(1f);
    assertThat(one.stepAfter(0)).isTrue();
    assertThatThrownBy(() -> g.lossScale(7)).hasMessageContaining("batch index 7");
  }
}
