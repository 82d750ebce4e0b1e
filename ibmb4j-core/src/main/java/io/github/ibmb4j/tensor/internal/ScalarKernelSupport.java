package io.github.ibmb4j.tensor.internal;

import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Matrix;

/**
 * The reference implementation of {@link KernelSupport}: straightforward single-threaded loops, written
 * for clarity. It is the specification faster implementations are tested against, and the fallback
 * when the Vector API is unavailable. Accumulations over a reduction axis run in index order in float,
 * except layer-norm statistics, which use double.
 */
public final class ScalarKernelSupport implements KernelSupport {

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public void matmul(Matrix a, Matrix b, Matrix c, boolean accumulate) {
    int m = a.rows();
    int k = a.cols();
    int n = b.cols();
    float[] A = a.data();
    float[] B = b.data();
    float[] C = c.data();
    for (int i = 0; i < m; i++) {
      int ci = i * n;
      if (!accumulate) {
        java.util.Arrays.fill(C, ci, ci + n, 0f);
      }
      for (int p = 0; p < k; p++) {
        float aip = A[i * k + p];
        int bp = p * n;
        for (int j = 0; j < n; j++) {
          C[ci + j] += aip * B[bp + j];
        }
      }
    }
  }

  @Override
  public void matmulTransA(Matrix a, Matrix b, Matrix c, boolean accumulate) {
    int k = a.rows();
    int m = a.cols();
    int n = b.cols();
    float[] A = a.data();
    float[] B = b.data();
    float[] C = c.data();
    if (!accumulate) {
      java.util.Arrays.fill(C, 0, m * n, 0f);
    }
    for (int p = 0; p < k; p++) {
      for (int i = 0; i < m; i++) {
        float api = A[p * m + i];
        int ci = i * n;
        int bp = p * n;
        for (int j = 0; j < n; j++) {
          C[ci + j] += api * B[bp + j];
        }
      }
    }
  }

  @Override
  public void matmulTransB(Matrix a, Matrix b, Matrix c, boolean accumulate) {
    int m = a.rows();
    int k = a.cols();
    int n = b.rows();
    float[] A = a.data();
    float[] B = b.data();
    float[] C = c.data();
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float s = 0f;
        for (int p = 0; p < k; p++) {
          s += A[i * k + p] * B[j * k + p];
        }
        C[i * n + j] = accumulate ? C[i * n + j] + s : s;
      }
    }
  }

  @Override
  public void spmm(CsrMatrix a, int rows, Matrix x, Matrix out, boolean accumulate) {
    int f = x.cols();
    int[] ptr = a.rowPtr();
    int[] idx = a.colIdx();
    float[] val = a.values();
    float[] X = x.data();
    float[] O = out.data();
    for (int r = 0; r < rows; r++) {
      int o = r * f;
      if (!accumulate) {
        java.util.Arrays.fill(O, o, o + f, 0f);
      }
      for (int e = ptr[r]; e < ptr[r + 1]; e++) {
        float w = val[e];
        int xo = idx[e] * f;
        for (int j = 0; j < f; j++) {
          O[o + j] += w * X[xo + j];
        }
      }
    }
  }

  @Override
  public void spmmTransA(CsrMatrix a, Matrix x, Matrix out, boolean accumulate) {
    int f = x.cols();
    int[] ptr = a.rowPtr();
    int[] idx = a.colIdx();
    float[] val = a.values();
    float[] X = x.data();
    float[] O = out.data();
    if (!accumulate) {
      java.util.Arrays.fill(O, 0, a.cols() * f, 0f);
    }
    // Row r of A scatters val·X[r, :] into the OUT rows named by its column ids, rows in order.
    for (int r = 0; r < a.rows(); r++) {
      int xo = r * f;
      for (int e = ptr[r]; e < ptr[r + 1]; e++) {
        float w = val[e];
        int o = idx[e] * f;
        for (int j = 0; j < f; j++) {
          O[o + j] += w * X[xo + j];
        }
      }
    }
  }

  @Override
  public void addRowVector(Matrix x, float[] v) {
    int n = x.cols();
    float[] X = x.data();
    for (int r = 0; r < x.rows(); r++) {
      for (int j = 0; j < n; j++) {
        X[r * n + j] += v[j];
      }
    }
  }

  @Override
  public void columnSums(Matrix x, float[] out, boolean accumulate) {
    int n = x.cols();
    float[] X = x.data();
    if (!accumulate) {
      java.util.Arrays.fill(out, 0, n, 0f);
    }
    for (int r = 0; r < x.rows(); r++) {
      for (int j = 0; j < n; j++) {
        out[j] += X[r * n + j];
      }
    }
  }

  @Override
  public void relu(Matrix x, Matrix out) {
    float[] X = x.data();
    float[] O = out.data();
    for (int i = 0; i < x.size(); i++) {
      O[i] = Math.max(X[i], 0f);
    }
  }

  @Override
  public void reluBackward(Matrix out, Matrix grad) {
    float[] O = out.data();
    float[] G = grad.data();
    for (int i = 0; i < grad.size(); i++) {
      if (!(O[i] > 0f)) {
        G[i] = 0f;
      }
    }
  }

  @Override
  public void dropoutReluBackward(Matrix out, Matrix grad, float keep) {
    float[] O = out.data();
    float[] G = grad.data();
    for (int i = 0; i < grad.size(); i++) {
      G[i] = O[i] > 0f ? G[i] * keep : 0f;
    }
  }

  @Override
  public void elu(Matrix x, Matrix out, float alpha) {
    float[] X = x.data();
    float[] O = out.data();
    for (int i = 0; i < x.size(); i++) {
      float v = X[i];
      O[i] = v > 0f ? v : alpha * (float) Math.expm1(v);
    }
  }

  @Override
  public void eluBackward(Matrix out, Matrix grad, float alpha) {
    float[] O = out.data();
    float[] G = grad.data();
    for (int i = 0; i < grad.size(); i++) {
      float o = O[i];
      G[i] *= o > 0f ? 1f : o + alpha;
    }
  }

  @Override
  public void layerNorm(Matrix x, float[] gamma, float[] beta, float eps, Matrix out, float[] mean,
      float[] rstd) {
    int n = x.cols();
    float[] X = x.data();
    float[] O = out.data();
    for (int r = 0; r < x.rows(); r++) {
      int o = r * n;
      double s = 0;
      for (int j = 0; j < n; j++) {
        s += X[o + j];
      }
      double mu = s / n;
      double v = 0;
      for (int j = 0; j < n; j++) {
        double d = X[o + j] - mu;
        v += d * d;
      }
      float rs = (float) (1.0 / Math.sqrt(v / n + eps));
      float m = (float) mu;
      mean[r] = m;
      rstd[r] = rs;
      for (int j = 0; j < n; j++) {
        O[o + j] = (X[o + j] - m) * rs * gamma[j] + beta[j];
      }
    }
  }

  @Override
  public void layerNormBackward(Matrix x, Matrix dy, float[] gamma, float[] mean, float[] rstd,
      Matrix dx, float[] dgamma, float[] dbeta) {
    int n = x.cols();
    float[] X = x.data();
    float[] DY = dy.data();
    float[] DX = dx.data();
    for (int r = 0; r < x.rows(); r++) {
      int o = r * n;
      float m = mean[r];
      float rs = rstd[r];
      double sumG = 0;
      double sumGx = 0;
      for (int j = 0; j < n; j++) {
        float xhat = (X[o + j] - m) * rs;
        float g = DY[o + j] * gamma[j];
        dgamma[j] += DY[o + j] * xhat;
        dbeta[j] += DY[o + j];
        sumG += g;
        sumGx += g * xhat;
      }
      float meanG = (float) (sumG / n);
      float meanGx = (float) (sumGx / n);
      for (int j = 0; j < n; j++) {
        float xhat = (X[o + j] - m) * rs;
        float g = DY[o + j] * gamma[j];
        DX[o + j] = rs * (g - meanG - xhat * meanGx);
      }
    }
  }

  @Override
  public void logSoftmaxRows(Matrix x, Matrix out) {
    int n = x.cols();
    float[] X = x.data();
    float[] O = out.data();
    for (int r = 0; r < x.rows(); r++) {
      int o = r * n;
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        max = Math.max(max, X[o + j]);
      }
      double s = 0;
      for (int j = 0; j < n; j++) {
        s += Math.exp(X[o + j] - max);
      }
      float lse = max + (float) Math.log(s);
      for (int j = 0; j < n; j++) {
        O[o + j] = X[o + j] - lse;
      }
    }
  }

  @Override
  public void axpy(int n, float a, float[] x, int xOff, float[] y, int yOff) {
    for (int i = 0; i < n; i++) {
      y[yOff + i] += a * x[xOff + i];
    }
  }

  @Override
  public void multiply(int n, float[] x, float[] mask) {
    for (int i = 0; i < n; i++) {
      x[i] *= mask[i];
    }
  }

  @Override
  public void dropout(long seed, double p, float keep, float[] in, float[] out, float[] mask,
      int from, int to) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    for (int i = from; i < to; i++) {
      float k = r.nextDouble() < p ? 0f : keep;
      if (mask != null) {
        mask[i] = k;
      }
      out[i] = in[i] * k;
    }
  }

  @Override
  public void gatEdgeSoftmax(CsrMatrix a, int rows, float[] srcScore, float[] dstScore, int heads,
      float negativeSlope, float[] alpha) {
    int[] ptr = a.rowPtr();
    int[] idx = a.colIdx();
    for (int r = 0; r < rows; r++) {
      for (int h = 0; h < heads; h++) {
        float max = Float.NEGATIVE_INFINITY;
        for (int q = ptr[r]; q < ptr[r + 1]; q++) {
          float raw = dstScore[r * heads + h] + srcScore[idx[q] * heads + h];
          float e = raw > 0f ? raw : negativeSlope * raw;
          alpha[q * heads + h] = e;
          max = Math.max(max, e);
        }
        float sum = 0f;
        for (int q = ptr[r]; q < ptr[r + 1]; q++) {
          float ex = (float) Math.exp(alpha[q * heads + h] - max);
          alpha[q * heads + h] = ex;
          sum += ex;
        }
        for (int q = ptr[r]; q < ptr[r + 1]; q++) {
          alpha[q * heads + h] /= sum;
        }
      }
    }
  }

  @Override
  public void gatAggregate(CsrMatrix a, int rows, float[] alpha, int heads, Matrix x, Matrix out,
      boolean accumulate) {
    int f = x.cols();
    int d = f / heads;
    int[] ptr = a.rowPtr();
    int[] idx = a.colIdx();
    float[] X = x.data();
    float[] O = out.data();
    for (int r = 0; r < rows; r++) {
      int o = r * f;
      if (!accumulate) {
        java.util.Arrays.fill(O, o, o + f, 0f);
      }
      for (int q = ptr[r]; q < ptr[r + 1]; q++) {
        int xo = idx[q] * f;
        for (int j = 0; j < f; j++) {
          O[o + j] += alpha[q * heads + j / d] * X[xo + j];
        }
      }
    }
  }

  @Override
  public void gatAttentionGrad(CsrMatrix a, int rows, Matrix dOut, int heads, Matrix x,
      float[] dAlpha) {
    int f = x.cols();
    int d = f / heads;
    int[] ptr = a.rowPtr();
    int[] idx = a.colIdx();
    float[] X = x.data();
    float[] G = dOut.data();
    for (int r = 0; r < rows; r++) {
      for (int q = ptr[r]; q < ptr[r + 1]; q++) {
        for (int h = 0; h < heads; h++) {
          float s = 0f;
          for (int j = h * d; j < (h + 1) * d; j++) {
            s += G[r * f + j] * X[idx[q] * f + j];
          }
          dAlpha[q * heads + h] = s;
        }
      }
    }
  }

  @Override
  public void gatEdgeSoftmaxBackward(CsrMatrix a, int rows, float[] srcScore, float[] dstScore,
      int heads, float negativeSlope, float[] alpha, float[] dAlpha, float[] dRaw, float[] dDst) {
    int[] ptr = a.rowPtr();
    int[] idx = a.colIdx();
    for (int r = 0; r < rows; r++) {
      for (int h = 0; h < heads; h++) {
        float dot = 0f;
        for (int q = ptr[r]; q < ptr[r + 1]; q++) {
          dot += alpha[q * heads + h] * dAlpha[q * heads + h];
        }
        float sum = 0f;
        // dAlpha(q, h) is read just before dRaw(q, h) is written, so dRaw may alias dAlpha.
        for (int q = ptr[r]; q < ptr[r + 1]; q++) {
          int e = q * heads + h;
          float raw = dstScore[r * heads + h] + srcScore[idx[q] * heads + h];
          float g = alpha[e] * (dAlpha[e] - dot) * (raw > 0f ? 1f : negativeSlope);
          dRaw[e] = g;
          sum += g;
        }
        dDst[r * heads + h] = sum;
      }
    }
  }
}
