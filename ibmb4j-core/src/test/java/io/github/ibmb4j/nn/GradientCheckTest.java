package io.github.ibmb4j.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Matrix;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gradient checks (ARCHITECTURE §6): each production float layer's forward is compared with a
 * double-precision dense reference ({@link Ref}); the reference's analytic double backward
 * ({@link RefGrad}) is checked against central differences of the reference forward; and the
 * production backward (input and parameter gradients for the loss Σ R ⊙ Y, random R) is compared with
 * the reference backward.
 */
class GradientCheckTest {
  private static final double FWD_TOL = 1e-4;
  private static final double GRAD_TOL = 2e-3;

  /**
   * Checks the forward against the reference, the reference's analytic backward {@code refGrads}
   * against central differences of the reference forward (double, tight), and the production float
   * gradients against the reference backward.
   */
  private static void check(float[] y, Function<double[][], double[]> f, double[][] inputs, Matrix r,
      double[][] refGrads, float[]... grads) {
    Ref.assertClose(y, f.apply(inputs), FWD_TOL, "forward");
    double[][] g = Ref.numericGrad(Ref.dotLoss(f, Ref.toDouble(r.data())), inputs, 1e-6);
    assertThat(refGrads.length).isEqualTo(grads.length);
    for (int a = 0; a < grads.length; a++) {
      assertDoubleClose(refGrads[a], g[a], 1e-6, "reference gradient of input " + a);
      Ref.assertClose(grads[a], refGrads[a], GRAD_TOL, "gradient of input " + a);
    }
  }

  private static void assertDoubleClose(double[] actual, double[] expected, double tol, String what) {
    assertThat(actual.length).as(what).isEqualTo(expected.length);
    for (int k = 0; k < expected.length; k++) {
      assertThat(Math.abs(actual[k] - expected[k])).as(what + "[" + k + "]: " + actual[k] + " vs "
          + expected[k]).isLessThanOrEqualTo(tol * (1 + Math.abs(expected[k])));
    }
  }

  private static double[] rd(Matrix r) {
    return Ref.toDouble(r.data());
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void linear(boolean bias) {
    SplittableRandom rnd = new SplittableRandom(1);
    Linear lin = new Linear("lin", 5, 3, bias, true, rnd);
    if (bias) {
      Ref.randomize(lin.bias(), rnd, 1);
    }
    Matrix x = Ref.randomMatrix(4, 5, rnd);
    Matrix y = lin.forward(x);
    assertThat(y.rows()).isEqualTo(4);
    assertThat(y.cols()).isEqualTo(3);
    Matrix r = Ref.randomMatrix(4, 3, rnd);
    Matrix dx = lin.backward(r, true);
    double[][] in = bias
        ? new double[][] {Ref.toDouble(x.data()), Ref.toDouble(lin.weight().values()),
            Ref.toDouble(lin.bias().values())}
        : new double[][] {Ref.toDouble(x.data()), Ref.toDouble(lin.weight().values())};
    Function<double[][], double[]> f = v -> Ref.linear(v[0], 4, 5, v[1], 3, bias ? v[2] : null);
    if (bias) {
      check(y.data(), f, in, r, RefGrad.linear(in[0], 4, 5, in[1], 3, true, rd(r)), dx.data(),
          lin.weight().grads(), lin.bias().grads());
    } else {
      check(y.data(), f, in, r, RefGrad.linear(in[0], 4, 5, in[1], 3, false, rd(r)), dx.data(),
          lin.weight().grads());
    }
  }

  /** Full rows, the last-layer row limit, and a bipartite block (4 targets, 7 sources). */
  @ParameterizedTest
  @CsvSource({"7,7,4,3,false", "7,3,4,3,true", "4,4,4,3,true", "7,7,2,6,true", "7,6,6,2,false"})
  void gcnConv(int adjRows, int rows, int inDim, int outDim, boolean propagateFirst) {
    SplittableRandom rnd = new SplittableRandom(2);
    int n = 7;
    CsrMatrix adj = Ref.randomAdjacency(adjRows, n, 0.35, rnd);
    Matrix x = Ref.randomMatrix(n, inDim, rnd);
    GcnConv conv = new GcnConv("c", inDim, outDim, true, true, new AdjacencyCache(), rnd);
    Ref.randomize(conv.bias(), rnd, 1);
    Matrix y = conv.forward(adj, rows, x);
    assertThat(y.rows()).isEqualTo(rows);
    assertThat(conv.propagatedFirst()).as("evaluation order").isEqualTo(propagateFirst);
    Matrix r = Ref.randomMatrix(rows, outDim, rnd);
    Matrix dx = conv.backward(r, true);
    double[][] a = Ref.dense(adj);
    double[][] in = {Ref.toDouble(x.data()), Ref.toDouble(conv.weight().values()),
        Ref.toDouble(conv.bias().values())};
    check(y.data(), v -> Ref.gcn(a, rows, v[0], inDim, v[1], outDim, v[2]), in, r,
        RefGrad.gcn(a, rows, in[0], inDim, in[1], outDim, rd(r)), dx.data(),
        conv.weight().grads(), conv.bias().grads());
  }

  @ParameterizedTest
  @CsvSource({"7,7", "7,3", "4,4"})
  void sageConv(int adjRows, int rows) {
    SplittableRandom rnd = new SplittableRandom(3);
    int n = 7;
    CsrMatrix adj = Ref.randomAdjacency(adjRows, n, 0.35, rnd);
    Matrix x = Ref.randomMatrix(n, 4, rnd);
    SageConv conv = new SageConv("c", 4, 3, true, new AdjacencyCache(), rnd);
    Parameter wl = conv.parameters().get(0);
    Parameter bl = conv.parameters().get(1);
    Parameter wr = conv.parameters().get(2);
    Ref.randomize(bl, rnd, 1);
    Matrix y = conv.forward(adj, rows, x);
    Matrix r = Ref.randomMatrix(rows, 3, rnd);
    Matrix dx = conv.backward(r, true);
    boolean[][] s = Ref.structure(adj);
    double[][] in = {Ref.toDouble(x.data()), Ref.toDouble(wl.values()), Ref.toDouble(bl.values()),
        Ref.toDouble(wr.values())};
    check(y.data(), v -> Ref.sage(s, rows, v[0], 4, v[1], v[2], v[3], 3), in, r,
        RefGrad.sage(s, rows, in[0], 4, in[1], in[3], 3, rd(r)), dx.data(),
        wl.grads(), bl.grads(), wr.grads());
  }

  /**
   * Full rows, the last-layer row limit and a bipartite block, with 3 heads of 2 channels, and the
   * shapes that reach the fused kernels' vector paths: 1 head, 4 heads (4-lane blocks), 8 heads
   * (8-lane blocks), 8 and 10 channels (whole vectors, vector + scalar tail); more in
   * {@link GatConvTest}.
   */
  @ParameterizedTest
  @CsvSource({"7,7,true,3,2", "7,3,true,3,2", "7,7,false,3,2", "7,3,false,3,2", "4,4,true,3,2",
      "7,7,true,1,3", "7,3,false,1,8", "7,7,true,4,8", "7,3,false,4,10", "4,4,true,8,8",
      "7,7,false,8,2"})
  void gatConv(int adjRows, int rows, boolean concat, int heads, int ch) {
    SplittableRandom rnd = new SplittableRandom(4);
    int n = 7;
    CsrMatrix adj = Ref.randomAdjacency(adjRows, n, 0.4, rnd);
    Matrix x = Ref.randomMatrix(n, 4, rnd);
    GatConv conv = new GatConv("c", 4, ch, heads, concat, true, new AdjacencyCache(), rnd);
    Parameter w = conv.parameters().get(0);
    Parameter as = conv.parameters().get(1);
    Parameter ad = conv.parameters().get(2);
    Parameter b = conv.parameters().get(3);
    Ref.randomize(as, rnd, 1.5);
    Ref.randomize(ad, rnd, 1.5);
    Ref.randomize(b, rnd, 1);
    Matrix y = conv.forward(adj, rows, x);
    assertThat(y.cols()).isEqualTo(concat ? heads * ch : ch);
    Matrix r = Ref.randomMatrix(rows, y.cols(), rnd);
    Matrix dx = conv.backward(r, true);
    boolean[][] s = Ref.structure(adj);
    double[][] in = {Ref.toDouble(x.data()), Ref.toDouble(w.values()), Ref.toDouble(as.values()),
        Ref.toDouble(ad.values()), Ref.toDouble(b.values())};
    check(y.data(), v -> Ref.gat(s, rows, v[0], 4, v[1], v[2], v[3], v[4], heads, ch, concat), in, r,
        RefGrad.gat(s, rows, in[0], 4, in[1], in[2], in[3], heads, ch, concat, rd(r)), dx.data(), w.grads(), as.grads(), ad.grads(), b.grads());
  }

  @Test
  void layerNorm() {
    SplittableRandom rnd = new SplittableRandom(5);
    LayerNorm ln = new LayerNorm("n", 6, false);
    Ref.randomize(ln.parameters().get(0), rnd, 2);
    Ref.randomize(ln.parameters().get(1), rnd, 1);
    Matrix x = Ref.randomMatrix(4, 6, rnd);
    Matrix y = ln.forward(x);
    Matrix r = Ref.randomMatrix(4, 6, rnd);
    Matrix dx = ln.backward(r);
    double[][] in = {Ref.toDouble(x.data()), Ref.toDouble(ln.parameters().get(0).values()),
        Ref.toDouble(ln.parameters().get(1).values())};
    check(y.data(), v -> Ref.layerNorm(v[0], 4, 6, v[1], v[2]), in, r,
        RefGrad.layerNorm(in[0], 4, 6, in[1], rd(r)), dx.data(),
        ln.parameters().get(0).grads(), ln.parameters().get(1).grads());
  }

  @ParameterizedTest
  @ValueSource(strings = {"relu", "elu"})
  void activations(String kind) {
    SplittableRandom rnd = new SplittableRandom(6);
    Activation act = new Activation(Activation.Kind.parse(kind));
    Matrix x = Ref.randomMatrix(5, 4, rnd);
    double[][] in = {Ref.toDouble(x.data())};
    Matrix y = act.forward(x.copy());
    Matrix r = Ref.randomMatrix(5, 4, rnd);
    Matrix dx = act.backward(r.copy());
    check(y.data(), v -> kind.equals("relu") ? Ref.relu(v[0]) : Ref.elu(v[0]), in, r,
        kind.equals("relu") ? RefGrad.relu(in[0], rd(r)) : RefGrad.elu(in[0], rd(r)), dx.data());
  }

  @Test
  void dropoutWithFixedMask() {
    SplittableRandom rnd = new SplittableRandom(7);
    Dropout d = new Dropout(0.5f);
    Matrix x = Ref.randomMatrix(3, 4, rnd);
    float[] mask = new float[12];
    for (int k = 0; k < 12; k++) {
      mask[k] = k % 3 == 0 ? 0f : 2f;
    }
    Matrix y = d.forwardWithMask(x, mask);
    Matrix r = Ref.randomMatrix(3, 4, rnd);
    Matrix dx = d.backward(r.copy());
    double[][] in = {Ref.toDouble(x.data())};
    check(y.data(), v -> {
      double[] o = new double[12];
      for (int k = 0; k < 12; k++) {
        o[k] = v[0][k] * mask[k];
      }
      return o;
    }, in, r, RefGrad.mask(rd(r), mask), dx.data());
    float[] kept = mask.clone();
    d.forward(x, true, new SplittableRandom(1));
    assertThat(mask).as("a caller's fixed mask is never overwritten").containsExactly(kept);
  }

  @Test
  void dropoutStatisticsAndEval() {
    Dropout d = new Dropout(0.5f);
    Matrix x = Matrix.zeros(200, 50);
    java.util.Arrays.fill(x.data(), 1f);
    Matrix y = d.forward(x, true, new SplittableRandom(3));
    int zeros = 0;
    for (float v : y.data()) {
      assertThat(v == 0f || v == 2f).isTrue();
      zeros += v == 0f ? 1 : 0;
    }
    assertThat(zeros / 10000.0).isBetween(0.45, 0.55);
    assertThat(d.forward(x, false, null)).isSameAs(x);
    assertThat(new Dropout(0.5f).forward(x, true, new SplittableRandom(3)).data())
        .containsExactly(y.data());
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void logSoftmaxNll(boolean weighted) {
    SplittableRandom rnd = new SplittableRandom(8);
    int n = 5;
    int c = 4;
    Matrix x = Ref.randomMatrix(n, c, rnd);
    int[] labels = {0, 3, -1, 2, 1};
    float[] w = weighted ? new float[] {0.1f, 0.4f, 0.2f, 0.2f, 0.1f} : null;
    LogSoftmax ls = new LogSoftmax();
    Matrix lp = ls.forward(x);
    Matrix g = Matrix.zeros(n, c);
    double loss = NllLoss.loss(lp, labels, w, g);
    Matrix dx = ls.backward(g);
    double[][] in = {Ref.toDouble(x.data())};
    Function<double[][], Double> ref = v -> Ref.nll(Ref.logSoftmax(v[0], n, c), n, c, labels, w);
    assertThat(loss).isCloseTo(ref.apply(in), org.assertj.core.data.Offset.offset(1e-5));
    Ref.assertClose(lp.data(), Ref.logSoftmax(in[0], n, c), FWD_TOL, "log-softmax");
    double[][] num = Ref.numericGrad(ref, in, 1e-6);
    double[] analytic = RefGrad.logSoftmaxNll(in[0], n, c, labels, w)[0];
    assertDoubleClose(analytic, num[0], 1e-6, "reference d loss / d logits");
    Ref.assertClose(dx.data(), analytic, GRAD_TOL, "d loss / d logits");
  }

  @Test
  void nllGradientScaleScalesOnlyTheGradient() {
    Matrix lp = Ref.randomMatrix(3, 4, new SplittableRandom(10));
    int[] labels = {1, 3, 0};
    Matrix g1 = Matrix.zeros(3, 4);
    Matrix g2 = Matrix.zeros(3, 4);
    double l1 = NllLoss.loss(lp, labels, null, g1);
    double l2 = NllLoss.loss(lp, labels, null, g2, 0.5f);
    assertThat(l2).isEqualTo(l1);
    for (int k = 0; k < 12; k++) {
      assertThat(g2.data()[k]).isEqualTo(0.5f * g1.data()[k]);
    }
  }

  @Test
  void nllLossGradientOnLogProbs() {
    SplittableRandom rnd = new SplittableRandom(9);
    Matrix lp = Ref.randomMatrix(4, 3, rnd);
    int[] labels = {2, 0, 1, 1};
    Matrix g = Matrix.zeros(4, 3);
    double loss = NllLoss.loss(lp, labels, null, g);
    double[][] in = {Ref.toDouble(lp.data())};
    assertThat(loss).isCloseTo(Ref.nll(in[0], 4, 3, labels, null),
        org.assertj.core.data.Offset.offset(1e-6));
    Ref.assertClose(g.data(),
        Ref.numericGrad(v -> Ref.nll(v[0], 4, 3, labels, null), in, 1e-6)[0], GRAD_TOL, "dL/dlogP");
  }
}
