package io.github.ibmb4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Matrix;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The memory-saving paths of the layers: the shared {@link Workspace}, inference forwards that keep
 * nothing, in-place dropout with a regenerated mask, and the fused ReLU/dropout backward. Each must give
 * the same bits as the path it replaces (whose gradients {@link GradientCheckTest} checks).
 */
class WorkspaceTest {

  private static float[] bits(Matrix m) {
    return Arrays.copyOf(m.data(), m.size());
  }

  @Test
  void takeAvoidsBusyArraysGrowsAndReleases() {
    Workspace ws = new Workspace();
    Matrix a = ws.take(4, 5);
    Matrix b = ws.take(4, 5, a);
    assertThat(b.data()).isNotSameAs(a.data());
    assertThat(ws.take(2, 5, b).data()).as("a smaller request reuses slot 0").isSameAs(a.data());
    Matrix c = ws.take(3, 3, a, b);
    assertThat(c.data()).isNotSameAs(a.data()).isNotSameAs(b.data());
    assertThat(ws.owns(a)).isTrue();
    assertThat(ws.owns(Matrix.zeros(4, 5))).isFalse();
    Matrix big = ws.take(10, 10, b, c);
    assertThat(big.data().length).as("grows without headroom").isEqualTo(100);
    assertThat(ws.owns(a)).as("the replaced array is no longer the workspace's").isFalse();
    assertThat(ws.bytes()).isEqualTo(4L * (100 + 20 + 9));
    ws.release();
    assertThat(ws.bytes()).isZero();
    assertThat(ws.owns(big)).isFalse();
    assertThatThrownBy(() -> ws.take(-1, 2)).hasMessageContaining("-1x2");
  }

  @Test
  void dropoutInPlaceAndRegeneratedMaskEqualTheBufferedForward() {
    SplittableRandom rnd = new SplittableRandom(3);
    Matrix x = Ref.randomMatrix(300, 70, rnd);
    Matrix ones = Matrix.zeros(300, 70);
    Arrays.fill(ones.data(), 1f);
    Dropout d = new Dropout(0.3f);
    float[] mask = bits(d.forward(ones, true, new SplittableRandom(9)));
    Matrix y = d.forward(x, true, new SplittableRandom(9)).copy();
    Matrix inPlace = x.copy();
    assertThat(new Dropout(0.3f).forwardInPlace(inPlace, true, new SplittableRandom(9)))
        .isSameAs(inPlace);
    assertThat(bits(inPlace)).containsExactly(bits(y));

    // backward regenerates the mask from the seed: dX = dY ⊙ mask exactly
    Matrix g = Ref.randomMatrix(300, 70, rnd);
    float[] expected = bits(g);
    for (int i = 0; i < expected.length; i++) {
      expected[i] *= mask[i];
    }
    assertThat(bits(d.backward(g.copy()))).containsExactly(expected);
    assertThat(d.forward(x, false, null)).isSameAs(x);
    assertThat(bits(d.backward(g.copy()))).as("identity in evaluation").containsExactly(bits(g));
  }

  @ParameterizedTest
  @ValueSource(floats = {0f, 0.5f, 0.2f})
  void fusedReluDropoutBackwardEqualsTheTwoBackwards(float p) {
    SplittableRandom rnd = new SplittableRandom(4);
    Matrix pre = Ref.randomMatrix(200, 33, rnd);
    Matrix g = Ref.randomMatrix(200, 33, rnd);
    // The path this replaces: ReLU, dropout into its own buffer, dropout backward, ReLU backward.
    Activation act = new Activation(Activation.Kind.RELU);
    Dropout buffered = new Dropout(p);
    buffered.forward(act.forward(pre.copy()), true, new SplittableRandom(5));
    float[] expected = bits(act.backward(buffered.backward(g.copy())));
    // In place after ReLU, then one fused pass.
    Dropout inPlace = new Dropout(p);
    inPlace.forwardInPlace(new Activation(Activation.Kind.RELU).forward(pre.copy()), true,
        new SplittableRandom(5));
    float[] fused = bits(inPlace.backwardThroughRelu(g.copy()));
    for (int i = 0; i < fused.length; i++) {
      // equal as numbers: the unfused order may give −0 where the fused pass gives +0
      assertThat(fused[i] == expected[i]).as("element " + i).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"gcn", "sage"})
  void inferEqualsForwardAndOverwritesOnlyTransientInputs(String kind) {
    SplittableRandom rnd = new SplittableRandom(6);
    int n = 60;
    CsrMatrix adj = Ref.randomAdjacency(n, n, 0.1, rnd);
    Matrix x = Ref.randomMatrix(n, 6, rnd);
    Workspace ws = new Workspace();
    // in < out and few rows: propagate first; in > out on all rows: transform first
    for (int[] shape : new int[][] {{6, 9, 12}, {6, 3, n}}) {
      GraphConv conv = kind.equals("gcn")
          ? new GcnConv("c", shape[0], shape[1], true, true, new AdjacencyCache(), ws,
              new SplittableRandom(1))
          : new SageConv("c", shape[0], shape[1], true, new AdjacencyCache(), ws,
              new SplittableRandom(1));
      float[] xBefore = bits(x);
      float[] expected = bits(conv.forward(adj, shape[2], x));
      Matrix y = conv.infer(adj, shape[2], x);
      assertThat(bits(y)).containsExactly(expected);
      assertThat(ws.owns(y)).isTrue();
      assertThat(bits(x)).as("a caller's input is never overwritten").containsExactly(xBefore);
      assertThatThrownBy(() -> conv.backward(Matrix.zeros(shape[2], shape[1]), true))
          .isInstanceOf(IllegalStateException.class);
      // a transient input: same result
      Matrix t = ws.take(n, 6);
      System.arraycopy(x.data(), 0, t.data(), 0, x.size());
      assertThat(bits(conv.infer(adj, shape[2], t))).containsExactly(expected);
      conv.releaseBuffers();
      assertThat(bits(conv.forward(adj, shape[2], x))).containsExactly(expected);
    }
  }

  @Test
  void layerNormAndLinearInferAndTransientGradients() {
    SplittableRandom rnd = new SplittableRandom(7);
    Workspace ws = new Workspace();
    LayerNorm ln = new LayerNorm("n", 8, false, ws);
    Ref.randomize(ln.parameters().get(0), rnd, 2);
    Ref.randomize(ln.parameters().get(1), rnd, 1);
    Matrix x = Ref.randomMatrix(20, 8, rnd);
    float[] y = bits(ln.forward(x));
    Matrix g = Ref.randomMatrix(20, 8, rnd);
    float[] dx = bits(ln.backward(g));
    float[] dGamma = ln.parameters().get(0).grads().clone();
    assertThat(ws.owns(g)).isFalse();
    // a transient gradient is overwritten in place, with the same result
    ln.parameters().forEach(Parameter::zeroGrad);
    Matrix tg = ws.take(20, 8);
    System.arraycopy(g.data(), 0, tg.data(), 0, g.size());
    assertThat(ln.backward(tg)).isSameAs(tg);
    assertThat(bits(tg)).containsExactly(dx);
    assertThat(ln.parameters().get(0).grads()).containsExactly(dGamma);
    // inference: in place over a transient input, into the workspace otherwise
    float[] xBefore = bits(x);
    assertThat(bits(ln.infer(x))).containsExactly(y);
    assertThat(bits(x)).containsExactly(xBefore);
    Matrix tx = ws.take(20, 8);
    System.arraycopy(x.data(), 0, tx.data(), 0, x.size());
    assertThat(ln.infer(tx)).isSameAs(tx);
    assertThat(bits(tx)).containsExactly(y);
    assertThatThrownBy(() -> ln.backward(g)).isInstanceOf(IllegalStateException.class);

    Linear lin = new Linear("l", 8, 5, true, false, ws, new SplittableRandom(2));
    float[] ly = bits(lin.forward(x));
    assertThat(bits(lin.infer(x))).containsExactly(ly);
    assertThatThrownBy(() -> lin.backward(Matrix.zeros(20, 5), true))
        .isInstanceOf(IllegalStateException.class);
  }
}
