package io.github.ibmb4j.nn;

/**
 * Double-precision analytic backward passes of the {@link Ref} layer references, written
 * independently of the production code (dense loops, textbook formulas). Each returns the gradients of
 * {@code Σ r ⊙ f(inputs)} with respect to the inputs, in the order the tests pass them; the tests check
 * them against central differences of {@link Ref}'s forwards and then compare the float production
 * backward with them.
 */
public final class RefGrad {
  private RefGrad() {}

  /** {dx, dW, db?} of y = x·Wᵀ + b. */
  public static double[][] linear(double[] x, int n, int in, double[] w, int out, boolean bias,
      double[] r) {
    double[] dx = new double[n * in];
    double[] dw = new double[out * in];
    double[] db = new double[out];
    for (int i = 0; i < n; i++) {
      for (int o = 0; o < out; o++) {
        double g = r[i * out + o];
        db[o] += g;
        for (int k = 0; k < in; k++) {
          dx[i * in + k] += g * w[o * in + k];
          dw[o * in + k] += g * x[i * in + k];
        }
      }
    }
    return bias ? new double[][] {dx, dw, db} : new double[][] {dx, dw};
  }

  /** {dx, dW, db} of the GCN conv. */
  public static double[][] gcn(double[][] a, int rows, double[] x, int in, double[] w, int out,
      double[] r) {
    int n = a[0].length;
    double[] dh = new double[n * out];
    double[] db = new double[out];
    for (int i = 0; i < rows; i++) {
      for (int o = 0; o < out; o++) {
        db[o] += r[i * out + o];
      }
      for (int j = 0; j < n; j++) {
        for (int o = 0; o < out; o++) {
          dh[j * out + o] += a[i][j] * r[i * out + o];
        }
      }
    }
    double[][] lin = linear(x, n, in, w, out, false, dh);
    return new double[][] {lin[0], lin[1], db};
  }

  /** {dx, dW_l, db_l, dW_r} of the SAGE conv. */
  public static double[][] sage(boolean[][] s, int rows, double[] x, int in, double[] wl,
      double[] wr, int out, double[] r) {
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
    double[] agg = Ref.propagate(mean, rows, x, in);
    double[] root = java.util.Arrays.copyOf(x, rows * in);
    double[][] gl = linear(agg, rows, in, wl, out, true, r);
    double[][] gr = linear(root, rows, in, wr, out, false, r);
    double[] dx = new double[n * in];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < n; j++) {
        for (int k = 0; k < in; k++) {
          dx[j * in + k] += mean[i][j] * gl[0][i * in + k];
        }
      }
      for (int k = 0; k < in; k++) {
        dx[i * in + k] += gr[0][i * in + k];
      }
    }
    return new double[][] {dx, gl[1], gl[2], gr[1]};
  }

  /** {dx, dW, da_src, da_dst, db} of the GAT conv. */
  public static double[][] gat(boolean[][] s, int rows, double[] x, int in, double[] w,
      double[] attS, double[] attD, int heads, int ch, boolean concat, double[] r) {
    int n = s[0].length;
    int hc = heads * ch;
    int outF = concat ? hc : ch;
    double[] xp = Ref.linear(x, n, in, w, hc, null);
    double[] dxp = new double[n * hc];
    double[] dS = new double[hc];
    double[] dD = new double[hc];
    double[] db = new double[outF];
    for (int i = 0; i < rows; i++) {
      for (int o = 0; o < outF; o++) {
        db[o] += r[i * outF + o];
      }
      for (int h = 0; h < heads; h++) {
        double[] g = new double[ch];
        for (int c = 0; c < ch; c++) {
          g[c] = concat ? r[i * outF + h * ch + c] : r[i * outF + c] / heads;
        }
        double dst = 0;
        for (int c = 0; c < ch; c++) {
          dst += xp[i * hc + h * ch + c] * attD[h * ch + c];
        }
        double[] pre = new double[n];
        double[] e = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
          if (s[i][j]) {
            double src = 0;
            for (int c = 0; c < ch; c++) {
              src += xp[j * hc + h * ch + c] * attS[h * ch + c];
            }
            pre[j] = src + dst;
            e[j] = pre[j] > 0 ? pre[j] : 0.2 * pre[j];
            max = Math.max(max, e[j]);
          }
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
          if (s[i][j]) {
            sum += Math.exp(e[j] - max);
          }
        }
        double[] alpha = new double[n];
        double[] dAlpha = new double[n];
        double dot = 0;
        for (int j = 0; j < n; j++) {
          if (s[i][j]) {
            alpha[j] = Math.exp(e[j] - max) / sum;
            for (int c = 0; c < ch; c++) {
              dxp[j * hc + h * ch + c] += alpha[j] * g[c];
              dAlpha[j] += g[c] * xp[j * hc + h * ch + c];
            }
            dot += alpha[j] * dAlpha[j];
          }
        }
        for (int j = 0; j < n; j++) {
          if (!s[i][j]) {
            continue;
          }
          double de = alpha[j] * (dAlpha[j] - dot);
          double dpre = pre[j] > 0 ? de : 0.2 * de;
          for (int c = 0; c < ch; c++) {
            int hcIdx = h * ch + c;
            dxp[j * hc + hcIdx] += dpre * attS[hcIdx];
            dS[hcIdx] += dpre * xp[j * hc + hcIdx];
            dxp[i * hc + hcIdx] += dpre * attD[hcIdx];
            dD[hcIdx] += dpre * xp[i * hc + hcIdx];
          }
        }
      }
    }
    double[][] lin = linear(x, n, in, w, hc, false, dxp);
    return new double[][] {lin[0], lin[1], dS, dD, db};
  }

  /** {dx, dγ, dβ} of the layer norm (ε = 1e-5). */
  public static double[][] layerNorm(double[] x, int n, int d, double[] g, double[] r) {
    double[] dx = new double[n * d];
    double[] dg = new double[d];
    double[] dbeta = new double[d];
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
      double rs = 1 / Math.sqrt(var / d + 1e-5);
      double[] xhat = new double[d];
      double mg = 0;
      double mgx = 0;
      for (int k = 0; k < d; k++) {
        xhat[k] = (x[i * d + k] - mu) * rs;
        double gk = r[i * d + k] * g[k];
        dg[k] += r[i * d + k] * xhat[k];
        dbeta[k] += r[i * d + k];
        mg += gk / d;
        mgx += gk * xhat[k] / d;
      }
      for (int k = 0; k < d; k++) {
        dx[i * d + k] = rs * (r[i * d + k] * g[k] - mg - xhat[k] * mgx);
      }
    }
    return new double[][] {dx, dg, dbeta};
  }

  public static double[][] relu(double[] x, double[] r) {
    double[] dx = new double[x.length];
    for (int k = 0; k < x.length; k++) {
      dx[k] = x[k] > 0 ? r[k] : 0;
    }
    return new double[][] {dx};
  }

  public static double[][] elu(double[] x, double[] r) {
    double[] dx = new double[x.length];
    for (int k = 0; k < x.length; k++) {
      dx[k] = x[k] > 0 ? r[k] : r[k] * Math.exp(x[k]);
    }
    return new double[][] {dx};
  }

  public static double[][] mask(double[] r, float[] mask) {
    double[] dx = new double[r.length];
    for (int k = 0; k < r.length; k++) {
      dx[k] = r[k] * mask[k];
    }
    return new double[][] {dx};
  }

  /** d/dx of nll(logSoftmax(x)): w_i (softmax(x_i) − onehot(y_i)) on labelled rows. */
  public static double[][] logSoftmaxNll(double[] x, int n, int c, int[] labels, float[] weights) {
    double[] lp = Ref.logSoftmax(x, n, c);
    int m = 0;
    for (int y : labels) {
      m += y >= 0 ? 1 : 0;
    }
    double[] dx = new double[n * c];
    for (int i = 0; i < n; i++) {
      if (labels[i] < 0) {
        continue;
      }
      double w = weights == null ? 1.0 / m : weights[i];
      for (int k = 0; k < c; k++) {
        dx[i * c + k] = w * (Math.exp(lp[i * c + k]) - (k == labels[i] ? 1 : 0));
      }
    }
    return new double[][] {dx};
  }
}
