package io.github.ibmb4j.nn;

import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Matrix;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties over seeded random shapes: for random node counts, target-row limits, bipartite shapes,
 * heads and channels, and adjacencies that may contain empty rows, every conv's forward and backward
 * agree with the double-precision references ({@link Ref}, {@link RefGrad}).
 */
class ConvGradientPropertyTest {
  private static final double TOL = 2e-3;

  /** r×n adjacency with density d; rows may be empty. */
  private static CsrMatrix adjacency(int r, int n, SplittableRandom rnd) {
    double d = 0.1 + 0.5 * rnd.nextDouble();
    double[][] a = new double[r][n];
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < n; j++) {
        if (rnd.nextDouble() < d) {
          a[i][j] = 0.1 + rnd.nextDouble();
        }
      }
    }
    if (r > 0 && n > 0) {
      a[0][0] = 0.5; // never all-empty
    }
    return Ref.fromDense(a);
  }

  private record Case(CsrMatrix adj, int rows, Matrix x, Matrix r, SplittableRandom rnd) {}

  private static Case makeCase(long seed, int n, int in, int outCols) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int adjRows = 1 + rnd.nextInt(n);
    int rows = 1 + rnd.nextInt(adjRows);
    CsrMatrix adj = adjacency(adjRows, n, rnd);
    return new Case(adj, rows, Ref.randomMatrix(n, in, rnd), Ref.randomMatrix(rows, outCols, rnd), rnd);
  }

  @Property(tries = 40)
  void gcn(@ForAll long seed, @ForAll @IntRange(min = 1, max = 9) int n,
      @ForAll @IntRange(min = 1, max = 4) int in, @ForAll @IntRange(min = 1, max = 4) int out) {
    Case c = makeCase(seed, n, in, out);
    GcnConv conv = new GcnConv("c", in, out, true, true, new AdjacencyCache(), c.rnd());
    Ref.randomize(conv.bias(), c.rnd(), 1);
    Matrix y = conv.forward(c.adj(), c.rows(), c.x());
    double[][] a = Ref.dense(c.adj());
    double[] xd = Ref.toDouble(c.x().data());
    double[] w = Ref.toDouble(conv.weight().values());
    Ref.assertClose(y.data(), Ref.gcn(a, c.rows(), xd, in, w, out,
        Ref.toDouble(conv.bias().values())), 1e-4, "forward");
    Matrix dx = conv.backward(c.r(), true);
    double[][] g = RefGrad.gcn(a, c.rows(), xd, in, w, out, Ref.toDouble(c.r().data()));
    Ref.assertClose(dx.data(), g[0], TOL, "dx");
    Ref.assertClose(conv.weight().grads(), g[1], TOL, "dW");
    Ref.assertClose(conv.bias().grads(), g[2], TOL, "db");
  }

  @Property(tries = 40)
  void sage(@ForAll long seed, @ForAll @IntRange(min = 1, max = 9) int n,
      @ForAll @IntRange(min = 1, max = 4) int in, @ForAll @IntRange(min = 1, max = 4) int out) {
    Case c = makeCase(seed, n, in, out);
    SageConv conv = new SageConv("c", in, out, true, new AdjacencyCache(), c.rnd());
    Parameter wl = conv.parameters().get(0);
    Parameter bl = conv.parameters().get(1);
    Parameter wr = conv.parameters().get(2);
    Ref.randomize(bl, c.rnd(), 1);
    Matrix y = conv.forward(c.adj(), c.rows(), c.x());
    boolean[][] s = Ref.structure(c.adj());
    double[] xd = Ref.toDouble(c.x().data());
    Ref.assertClose(y.data(), Ref.sage(s, c.rows(), xd, in, Ref.toDouble(wl.values()),
        Ref.toDouble(bl.values()), Ref.toDouble(wr.values()), out), 1e-4, "forward");
    Matrix dx = conv.backward(c.r(), true);
    double[][] g = RefGrad.sage(s, c.rows(), xd, in, Ref.toDouble(wl.values()),
        Ref.toDouble(wr.values()), out, Ref.toDouble(c.r().data()));
    Ref.assertClose(dx.data(), g[0], TOL, "dx");
    Ref.assertClose(wl.grads(), g[1], TOL, "dWl");
    Ref.assertClose(bl.grads(), g[2], TOL, "dbl");
    Ref.assertClose(wr.grads(), g[3], TOL, "dWr");
  }

  @Property(tries = 60)
  void gat(@ForAll long seed, @ForAll @IntRange(min = 1, max = 9) int n,
      @ForAll @IntRange(min = 1, max = 4) int in, @ForAll @IntRange(min = 1, max = 3) int heads,
      @ForAll @IntRange(min = 1, max = 3) int ch, @ForAll boolean concat) {
    Case c = makeCase(seed, n, in, concat ? heads * ch : ch);
    GatConv conv = new GatConv("c", in, ch, heads, concat, true, new AdjacencyCache(), c.rnd());
    Parameter w = conv.parameters().get(0);
    Parameter as = conv.parameters().get(1);
    Parameter ad = conv.parameters().get(2);
    Parameter b = conv.parameters().get(3);
    Ref.randomize(as, c.rnd(), 1.5);
    Ref.randomize(ad, c.rnd(), 1.5);
    Ref.randomize(b, c.rnd(), 1);
    Matrix y = conv.forward(c.adj(), c.rows(), c.x());
    boolean[][] s = Ref.structure(c.adj());
    double[] xd = Ref.toDouble(c.x().data());
    double[] wd = Ref.toDouble(w.values());
    double[] asd = Ref.toDouble(as.values());
    double[] add = Ref.toDouble(ad.values());
    Ref.assertClose(y.data(), Ref.gat(s, c.rows(), xd, in, wd, asd, add, Ref.toDouble(b.values()),
        heads, ch, concat), 1e-4, "forward");
    Matrix dx = conv.backward(c.r(), true);
    double[][] g = RefGrad.gat(s, c.rows(), xd, in, wd, asd, add, heads, ch, concat,
        Ref.toDouble(c.r().data()));
    Ref.assertClose(dx.data(), g[0], TOL, "dx");
    Ref.assertClose(w.grads(), g[1], TOL, "dW");
    Ref.assertClose(as.grads(), g[2], TOL, "da_src");
    Ref.assertClose(ad.grads(), g[3], TOL, "da_dst");
    Ref.assertClose(b.grads(), g[4], TOL, "db");
  }
}
