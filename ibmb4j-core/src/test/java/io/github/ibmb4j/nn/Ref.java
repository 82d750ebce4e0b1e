package io.github.ibmb4j.nn;

import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Double-precision dense reference implementations of every layer and the loss, plus a central
 * difference gradient oracle, for the gradient checks: the production float layers are compared with
 * these forwards and with the finite-difference gradients of {@code Σ R ⊙ f(inputs)}.
 */
public final class Ref {
  private Ref() {}

  // ---------------------------------------------------------------- references (row-major double[])

  /** y = x·Wᵀ + b. x: n×in, W: out×in. */
  public static double[] linear(double[] x, int n, int in, double[] w, int out, double[] b) {
    double[] y = new double[n * out];
    for (int i = 0; i < n; i++) {
      for (int o = 0; o < out; o++) {
        double s = b == null ? 0 : b[o];
        for (int k = 0; k < in; k++) {
          s += w[o * in + k] * x[i * in + k];
        }
        y[i * out + o] = s;
      }
    }
    return y;
  }

  /** rows [0, rows) of A·h, A dense r×n, h: n×f. */
  public static double[] propagate(double[][] a, int rows, double[] h, int f) {
    int n = a[0].length;
    double[] y = new double[rows * f];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < n; j++) {
        if (a[i][j] != 0) {
          for (int c = 0; c < f; c++) {
            y[i * f + c] += a[i][j] * h[j * f + c];
          }
        }
      }
    }
    return y;
  }

  public static double[] gcn(double[][] a, int rows, double[] x, int in, double[] w, int out, double[] b) {
    int n = a[0].length;
    double[] h = linear(x, n, in, w, out, null);
    double[] y = propagate(a, rows, h, out);
    if (b != null) {
      for (int i = 0; i < rows; i++) {
        for (int o = 0; o < out; o++) {
          y[i * out + o] += b[o];
        }
      }
    }
    return y;
  }

  public static double[] sage(boolean[][] s, int rows, double[] x, int in, double[] wl, double[] bl,
      double[] wr, int out) {
    int n = s[0].length;
    double[][] mean = new double[rows][n];
    for (int i = 0; i < rows; i++) {
      int d = 0;
      for (int j = 0; j < n; j++) {
        d += s[i][j] ? 1 : 0;
      }
      for (int j = 0; j < n; j++) {
        mean[i][j] = s[i][j] ? 1.0 / d : 0;
      }
    }
    double[] agg = propagate(mean, rows, x, in);
    double[] y = linear(agg, rows, in, wl, out, bl);
    double[] root = java.util.Arrays.copyOf(x, rows * in);
    double[] r = linear(root, rows, in, wr, out, null);
    for (int k = 0; k < y.length; k++) {
      y[k] += r[k];
    }
    return y;
  }

  public static double[] gat(boolean[][] s, int rows, double[] x, int in, double[] w, double[] attS,
      double[] attD, double[] b, int heads, int ch, boolean concat) {
    int n = s[0].length;
    int hc = heads * ch;
    double[] xp = linear(x, n, in, w, hc, null);
    int outF = concat ? hc : ch;
    double[] y = new double[rows * outF];
    for (int i = 0; i < rows; i++) {
      for (int h = 0; h < heads; h++) {
        double dst = 0;
        for (int c = 0; c < ch; c++) {
          dst += xp[i * hc + h * ch + c] * attD[h * ch + c];
        }
        double[] e = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
          if (!s[i][j]) {
            continue;
          }
          double src = 0;
          for (int c = 0; c < ch; c++) {
            src += xp[j * hc + h * ch + c] * attS[h * ch + c];
          }
          double v = src + dst;
          e[j] = v > 0 ? v : 0.2 * v;
          max = Math.max(max, e[j]);
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
          if (s[i][j]) {
            sum += Math.exp(e[j] - max);
          }
        }
        for (int j = 0; j < n; j++) {
          if (!s[i][j]) {
            continue;
          }
          double a = Math.exp(e[j] - max) / sum;
          for (int c = 0; c < ch; c++) {
            double v = a * xp[j * hc + h * ch + c];
            if (concat) {
              y[i * outF + h * ch + c] += v;
            } else {
              y[i * outF + c] += v / heads;
            }
          }
        }
      }
      for (int o = 0; o < outF; o++) {
        y[i * outF + o] += b[o];
      }
    }
    return y;
  }

  public static double[] layerNorm(double[] x, int n, int d, double[] g, double[] b) {
    double[] y = new double[n * d];
    for (int i = 0; i < n; i++) {
      double mu = 0;
      for (int k = 0; k < d; k++) {
        mu += x[i * d + k];
      }
      mu /= d;
      double var = 0;
      for (int k = 0; k < d; k++) {
        var += (x[i * d + k] - mu) * (x[i * d + k] - mu);
      }
      var /= d;
      double rs = 1 / Math.sqrt(var + 1e-5);
      for (int k = 0; k < d; k++) {
        y[i * d + k] = (x[i * d + k] - mu) * rs * g[k] + b[k];
      }
    }
    return y;
  }

  public static double[] relu(double[] x) {
    double[] y = new double[x.length];
    for (int k = 0; k < x.length; k++) {
      y[k] = Math.max(x[k], 0);
    }
    return y;
  }

  public static double[] elu(double[] x) {
    double[] y = new double[x.length];
    for (int k = 0; k < x.length; k++) {
      y[k] = x[k] > 0 ? x[k] : Math.expm1(x[k]);
    }
    return y;
  }

  public static double[] logSoftmax(double[] x, int n, int c) {
    double[] y = new double[n * c];
    for (int i = 0; i < n; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < c; k++) {
        max = Math.max(max, x[i * c + k]);
      }
      double s = 0;
      for (int k = 0; k < c; k++) {
        s += Math.exp(x[i * c + k] - max);
      }
      for (int k = 0; k < c; k++) {
        y[i * c + k] = x[i * c + k] - max - Math.log(s);
      }
    }
    return y;
  }

  /** NLL of log-probabilities: mean over labelled rows, or weighted. */
  public static double nll(double[] lp, int n, int c, int[] labels, float[] weights) {
    int m = 0;
    for (int y : labels) {
      m += y >= 0 ? 1 : 0;
    }
    double s = 0;
    for (int i = 0; i < n; i++) {
      if (labels[i] >= 0) {
        s -= (weights == null ? 1.0 / m : weights[i]) * lp[i * c + labels[i]];
      }
    }
    return s;
  }

  // ---------------------------------------------------------------- gradient oracle

  /** Central-difference gradient of {@code loss} with respect to every element of every input. */
  public static double[][] numericGrad(Function<double[][], Double> loss, double[][] inputs, double h) {
    double[][] g = new double[inputs.length][];
    for (int a = 0; a < inputs.length; a++) {
      g[a] = new double[inputs[a].length];
      for (int k = 0; k < inputs[a].length; k++) {
        double old = inputs[a][k];
        inputs[a][k] = old + h;
        double up = loss.apply(inputs);
        inputs[a][k] = old - h;
        double down = loss.apply(inputs);
        inputs[a][k] = old;
        g[a][k] = (up - down) / (2 * h);
      }
    }
    return g;
  }

  /** Σ r ⊙ f(inputs) as a loss for the oracle. */
  public static Function<double[][], Double> dotLoss(Function<double[][], double[]> f, double[] r) {
    return in -> {
      double[] y = f.apply(in);
      double s = 0;
      for (int k = 0; k < y.length; k++) {
        s += r[k] * y[k];
      }
      return s;
    };
  }

  // ---------------------------------------------------------------- helpers

  public static void assertClose(float[] actual, double[] expected, double tol, String what) {
    assertThat(actual.length).as(what + " length").isGreaterThanOrEqualTo(expected.length);
    for (int k = 0; k < expected.length; k++) {
      double err = Math.abs(actual[k] - expected[k]);
      assertThat(err).as(what + "[" + k + "]: " + actual[k] + " vs " + expected[k])
          .isLessThanOrEqualTo(tol * (1 + Math.abs(expected[k])));
    }
  }

  public static double[] toDouble(float[] a) {
    double[] d = new double[a.length];
    for (int k = 0; k < a.length; k++) {
      d[k] = a[k];
    }
    return d;
  }

  public static Matrix randomMatrix(int rows, int cols, SplittableRandom rnd) {
    Matrix m = Matrix.zeros(rows, cols);
    for (int k = 0; k < m.data().length; k++) {
      m.data()[k] = (float) (rnd.nextDouble() * 2 - 1);
    }
    return m;
  }

  public static void randomize(Parameter p, SplittableRandom rnd, double scale) {
    for (int k = 0; k < p.size(); k++) {
      p.values()[k] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
    }
  }

  /** A random r×n adjacency with self-loops on i &lt; min(r, n), density d, values in (0.1, 1). */
  public static CsrMatrix randomAdjacency(int r, int n, double d, SplittableRandom rnd) {
    double[][] a = new double[r][n];
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < n; j++) {
        if (i == j || rnd.nextDouble() < d) {
          a[i][j] = 0.1 + 0.9 * rnd.nextDouble();
        }
      }
    }
    return fromDense(a);
  }

  public static CsrMatrix fromDense(double[][] a) {
    int r = a.length;
    int n = a[0].length;
    int[] ptr = new int[r + 1];
    List<Integer> idx = new ArrayList<>();
    List<Float> val = new ArrayList<>();
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < n; j++) {
        if (a[i][j] != 0) {
          idx.add(j);
          val.add((float) a[i][j]);
        }
      }
      ptr[i + 1] = idx.size();
    }
    int[] ci = idx.stream().mapToInt(Integer::intValue).toArray();
    float[] v = new float[val.size()];
    for (int k = 0; k < v.length; k++) {
      v[k] = val.get(k);
    }
    return new CsrMatrix(r, n, ptr, ci, v).validated();
  }

  /** Dense copy using the stored float values (as doubles). */
  public static double[][] dense(CsrMatrix a) {
    double[][] d = new double[a.rows()][a.cols()];
    for (int i = 0; i < a.rows(); i++) {
      for (int e = a.rowPtr()[i]; e < a.rowPtr()[i + 1]; e++) {
        d[i][a.colIdx()[e]] = a.values()[e];
      }
    }
    return d;
  }

  public static boolean[][] structure(CsrMatrix a) {
    boolean[][] d = new boolean[a.rows()][a.cols()];
    for (int i = 0; i < a.rows(); i++) {
      for (int e = a.rowPtr()[i]; e < a.rowPtr()[i + 1]; e++) {
        d[i][a.colIdx()[e]] = true;
      }
    }
    return d;
  }

  /** Permutes nodes: new id of old node i is perm[i]; A'[perm i][perm j] = A[i][j] (square). */
  public static CsrMatrix permute(CsrMatrix a, int[] perm) {
    double[][] d = dense(a);
    double[][] p = new double[d.length][d.length];
    for (int i = 0; i < d.length; i++) {
      for (int j = 0; j < d.length; j++) {
        p[perm[i]][perm[j]] = d[i][j];
      }
    }
    return fromDense(p);
  }

  public static Matrix permuteRows(Matrix x, int[] perm) {
    Matrix m = Matrix.zeros(x.rows(), x.cols());
    for (int i = 0; i < x.rows(); i++) {
      System.arraycopy(x.data(), i * x.cols(), m.data(), perm[i] * x.cols(), x.cols());
    }
    return m;
  }

  /** A random permutation of [0, n) that fixes [0, fixed). */
  public static int[] permutationFixingPrefix(int n, int fixed, SplittableRandom rnd) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > fixed; i--) {
      int j = fixed + rnd.nextInt(i - fixed + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
