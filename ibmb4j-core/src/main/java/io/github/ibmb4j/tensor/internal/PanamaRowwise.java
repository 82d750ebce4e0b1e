package io.github.ibmb4j.tensor.internal;

import static io.github.ibmb4j.tensor.internal.PanamaCommon.L;
import static io.github.ibmb4j.tensor.internal.PanamaCommon.RANGE_ELEMS;
import static io.github.ibmb4j.tensor.internal.PanamaCommon.S;
import static io.github.ibmb4j.tensor.internal.PanamaCommon.SLOT_PARTIAL;
import static io.github.ibmb4j.tensor.internal.PanamaCommon.SLOT_PARTIAL_2;
import static io.github.ibmb4j.tensor.internal.PanamaCommon.ranges;
import static io.github.ibmb4j.tensor.internal.PanamaCommon.scratch;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.tensor.Matrix;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Element-wise and row-wise family of {@link PanamaKernelSupport}: bias add, column sums,
 * activations and their backward passes, layer norm, log-softmax, axpy, dropout.
 *
 * <p>Vector loops with scalar tails, split into fixed element or row ranges above
 * {@link PanamaCommon#PAR_ELEMS} elements ({@link PanamaCommon#ranges}). Column reductions (column
 * sums, dγ, dβ) reduce per fixed row range and combine the partials in range order; horizontal sums
 * go through {@link #sumLanes} in lane order. Results therefore do not depend on the thread count.
 */
final class PanamaRowwise {
  private PanamaRowwise() {}

  /** Per-thread lane buffer of {@link #sumLanes}. */
  private static final ThreadLocal<float[]> LANE_BUFFER = ThreadLocal.withInitial(() -> new float[L]);

  static void addRowVector(Matrix x, float[] v) {
    int n = x.cols();
    float[] X = x.data();
    ranges(x.rows(), n, (from, to) -> {
      for (int r = from; r < to; r++) {
        int o = r * n;
        int j = 0;
        for (; j <= n - L; j += L) {
          FloatVector.fromArray(S, X, o + j).add(FloatVector.fromArray(S, v, j)).intoArray(X, o + j);
        }
        for (; j < n; j++) {
          X[o + j] += v[j];
        }
      }
    });
  }

  /** Row ranges for column reductions: a function of the shape only. */
  static int reductionRanges(int rows, int cols) {
    return (int) Math.max(1, Math.min(Math.min(64, rows), (long) rows * cols / (4 * RANGE_ELEMS)));
  }

  static void columnSums(Matrix x, float[] out, boolean accumulate) {
    int n = x.cols();
    int rows = x.rows();
    float[] X = x.data();
    int ranges = reductionRanges(rows, n);
    float[] partial = scratch(SLOT_PARTIAL, ranges * n);
    Parallel.forRanges(rows, ranges, (ch, from, to) -> {
      int po = ch * n;
      for (int r = from; r < to; r++) {
        addInto(X, r * n, partial, po, n);
      }
    });
    if (!accumulate) {
      Arrays.fill(out, 0, n, 0f);
    }
    for (int ch = 0; ch < ranges; ch++) {
      addInto(partial, ch * n, out, 0, n);
    }
  }

  /** dst[dOff..+n) += src[sOff..+n). */
  private static void addInto(float[] src, int sOff, float[] dst, int dOff, int n) {
    int j = 0;
    for (; j <= n - L; j += L) {
      FloatVector.fromArray(S, dst, dOff + j).add(FloatVector.fromArray(S, src, sOff + j))
          .intoArray(dst, dOff + j);
    }
    for (; j < n; j++) {
      dst[dOff + j] += src[sOff + j];
    }
  }

  static void relu(Matrix x, Matrix out) {
    float[] X = x.data();
    float[] O = out.data();
    ranges(x.size(), 1, (from, to) -> {
      int i = from;
      FloatVector zero = FloatVector.zero(S);
      for (; i <= to - L; i += L) {
        FloatVector.fromArray(S, X, i).max(zero).intoArray(O, i);
      }
      for (; i < to; i++) {
        O[i] = Math.max(X[i], 0f);
      }
    });
  }

  static void reluBackward(Matrix out, Matrix grad) {
    float[] O = out.data();
    float[] G = grad.data();
    ranges(grad.size(), 1, (from, to) -> {
      int i = from;
      FloatVector zero = FloatVector.zero(S);
      for (; i <= to - L; i += L) {
        // NaN outputs compare false, as in the scalar !(o > 0) test.
        VectorMask<Float> pos = FloatVector.fromArray(S, O, i).compare(VectorOperators.GT, 0f);
        zero.blend(FloatVector.fromArray(S, G, i), pos).intoArray(G, i);
      }
      for (; i < to; i++) {
        if (!(O[i] > 0f)) {
          G[i] = 0f;
        }
      }
    });
  }

  static void dropoutReluBackward(Matrix out, Matrix grad, float keep) {
    float[] O = out.data();
    float[] G = grad.data();
    ranges(grad.size(), 1, (from, to) -> {
      int i = from;
      FloatVector zero = FloatVector.zero(S);
      for (; i <= to - L; i += L) {
        // NaN outputs compare false, as in the scalar test.
        VectorMask<Float> pos = FloatVector.fromArray(S, O, i).compare(VectorOperators.GT, 0f);
        zero.blend(FloatVector.fromArray(S, G, i).mul(keep), pos).intoArray(G, i);
      }
      for (; i < to; i++) {
        G[i] = O[i] > 0f ? G[i] * keep : 0f;
      }
    });
  }

  static void elu(Matrix x, Matrix out, float alpha) {
    float[] X = x.data();
    float[] O = out.data();
    ranges(x.size(), 8, (from, to) -> {
      int i = from;
      for (; i <= to - L; i += L) {
        FloatVector v = FloatVector.fromArray(S, X, i);
        if (v.compare(VectorOperators.GT, 0f).allTrue()) {
          v.intoArray(O, i);
        } else {
          // Scalar expm1 on purpose (see logSoftmaxRows): a deterministic result whatever the JIT.
          for (int q = i; q < i + L; q++) {
            float xq = X[q];
            O[q] = xq > 0f ? xq : alpha * (float) Math.expm1(xq);
          }
        }
      }
      for (; i < to; i++) {
        float v = X[i];
        O[i] = v > 0f ? v : alpha * (float) Math.expm1(v);
      }
    });
  }

  static void eluBackward(Matrix out, Matrix grad, float alpha) {
    float[] O = out.data();
    float[] G = grad.data();
    ranges(grad.size(), 1, (from, to) -> {
      int i = from;
      FloatVector one = FloatVector.broadcast(S, 1f);
      for (; i <= to - L; i += L) {
        FloatVector o = FloatVector.fromArray(S, O, i);
        FloatVector d = o.add(alpha).blend(one, o.compare(VectorOperators.GT, 0f));
        FloatVector.fromArray(S, G, i).mul(d).intoArray(G, i);
      }
      for (; i < to; i++) {
        float o = O[i];
        G[i] *= o > 0f ? 1f : o + alpha;
      }
    });
  }

  /**
   * Σ of the lanes in lane order, through a store: {@code reduceLanes(ADD)} is not used on purpose,
   * its order is unspecified and differs between the interpreter and C2, so results would depend on
   * JIT state (and so on which thread ran a row); {@code lane(i)} and {@code slice} were measured to
   * be much slower than a store and scalar adds.
   */
  static float sumLanes(FloatVector v) {
    // A per-thread buffer: a fresh array per call is not scalar-replaced around intoArray and made
    // every row-wise kernel allocate.
    float[] tmp = LANE_BUFFER.get();
    v.intoArray(tmp, 0);
    float s = 0f;
    for (int i = 0; i < L; i++) {
      s += tmp[i];
    }
    return s;
  }

  /** Σ v[off..+n) with L lane-wise partial sums. */
  private static float sum(float[] v, int off, int n) {
    FloatVector acc = FloatVector.zero(S);
    int j = 0;
    for (; j <= n - L; j += L) {
      acc = acc.add(FloatVector.fromArray(S, v, off + j));
    }
    float s = sumLanes(acc);
    for (; j < n; j++) {
      s += v[off + j];
    }
    return s;
  }

  static void layerNorm(Matrix x, float[] gamma, float[] beta, float eps, Matrix out, float[] mean,
      float[] rstd) {
    int n = x.cols();
    float[] X = x.data();
    float[] O = out.data();
    ranges(x.rows(), n, (from, to) -> {
      for (int r = from; r < to; r++) {
        int o = r * n;
        float mu = n == 0 ? 0f : sum(X, o, n) / n;
        // Two-pass variance: Σ (x − μ)², stable for large means.
        FloatVector vm = FloatVector.broadcast(S, mu);
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        for (; j <= n - L; j += L) {
          FloatVector d = FloatVector.fromArray(S, X, o + j).sub(vm);
          acc = d.fma(d, acc);
        }
        float v = sumLanes(acc);
        for (; j < n; j++) {
          float d = X[o + j] - mu;
          v += d * d;
        }
        float rs = (float) (1.0 / Math.sqrt((double) v / n + eps));
        mean[r] = mu;
        rstd[r] = rs;
        FloatVector vr = FloatVector.broadcast(S, rs);
        j = 0;
        for (; j <= n - L; j += L) {
          FloatVector.fromArray(S, X, o + j).sub(vm).mul(vr).mul(FloatVector.fromArray(S, gamma, j))
              .add(FloatVector.fromArray(S, beta, j)).intoArray(O, o + j);
        }
        for (; j < n; j++) {
          O[o + j] = (X[o + j] - mu) * rs * gamma[j] + beta[j];
        }
      }
    });
  }

  static void layerNormBackward(Matrix x, Matrix dy, float[] gamma, float[] mean, float[] rstd,
      Matrix dx, float[] dgamma, float[] dbeta) {
    int n = x.cols();
    int rows = x.rows();
    float[] X = x.data();
    float[] DY = dy.data();
    float[] DX = dx.data();
    int ranges = reductionRanges(rows, n);
    float[] pg = scratch(SLOT_PARTIAL, ranges * n);
    float[] pb = scratch(SLOT_PARTIAL_2, ranges * n);
    Parallel.forRanges(rows, ranges, (ch, from, to) -> {
      int po = ch * n;
      for (int r = from; r < to; r++) {
        int o = r * n;
        FloatVector vm = FloatVector.broadcast(S, mean[r]);
        FloatVector vr = FloatVector.broadcast(S, rstd[r]);
        float m = mean[r];
        float rs = rstd[r];
        FloatVector sg = FloatVector.zero(S);
        FloatVector sgx = FloatVector.zero(S);
        int j = 0;
        for (; j <= n - L; j += L) {
          FloatVector xhat = FloatVector.fromArray(S, X, o + j).sub(vm).mul(vr);
          FloatVector d = FloatVector.fromArray(S, DY, o + j);
          FloatVector g = d.mul(FloatVector.fromArray(S, gamma, j));
          d.fma(xhat, FloatVector.fromArray(S, pg, po + j)).intoArray(pg, po + j);
          d.add(FloatVector.fromArray(S, pb, po + j)).intoArray(pb, po + j);
          sg = sg.add(g);
          sgx = g.fma(xhat, sgx);
        }
        float sumG = sumLanes(sg);
        float sumGx = sumLanes(sgx);
        for (; j < n; j++) {
          float xhat = (X[o + j] - m) * rs;
          float d = DY[o + j];
          float g = d * gamma[j];
          pg[po + j] += d * xhat;
          pb[po + j] += d;
          sumG += g;
          sumGx += g * xhat;
        }
        float meanG = sumG / n;
        float meanGx = sumGx / n;
        FloatVector vmg = FloatVector.broadcast(S, meanG);
        FloatVector vmgx = FloatVector.broadcast(S, meanGx);
        j = 0;
        for (; j <= n - L; j += L) {
          FloatVector xhat = FloatVector.fromArray(S, X, o + j).sub(vm).mul(vr);
          FloatVector g = FloatVector.fromArray(S, DY, o + j).mul(FloatVector.fromArray(S, gamma, j));
          g.sub(vmg).sub(xhat.mul(vmgx)).mul(vr).intoArray(DX, o + j);
        }
        for (; j < n; j++) {
          float xhat = (X[o + j] - m) * rs;
          float g = DY[o + j] * gamma[j];
          DX[o + j] = rs * (g - meanG - xhat * meanGx);
        }
      }
    });
    for (int ch = 0; ch < ranges; ch++) {
      addInto(pg, ch * n, dgamma, 0, n);
      addInto(pb, ch * n, dbeta, 0, n);
    }
  }

  static void logSoftmaxRows(Matrix x, Matrix out) {
    int n = x.cols();
    float[] X = x.data();
    float[] O = out.data();
    ranges(x.rows(), 8 * n, (from, to) -> {
      for (int r = from; r < to; r++) {
        int o = r * n;
        FloatVector vmax = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int j = 0;
        for (; j <= n - L; j += L) {
          vmax = vmax.max(FloatVector.fromArray(S, X, o + j));
        }
        float max = vmax.reduceLanes(VectorOperators.MAX);
        for (; j < n; j++) {
          max = Math.max(max, X[o + j]);
        }
        // Scalar exp on purpose: the vector EXP is an SVML intrinsic in C2 but Math.exp per lane in
        // the interpreter, so it would make results depend on JIT state.
        double s = 0;
        for (j = 0; j < n; j++) {
          s += Math.exp(X[o + j] - max);
        }
        float lse = max + (float) Math.log(s);
        FloatVector vl = FloatVector.broadcast(S, lse);
        j = 0;
        for (; j <= n - L; j += L) {
          FloatVector.fromArray(S, X, o + j).sub(vl).intoArray(O, o + j);
        }
        for (; j < n; j++) {
          O[o + j] = X[o + j] - lse;
        }
      }
    });
  }

  static void axpy(int n, float a, float[] x, int xOff, float[] y, int yOff) {
    ranges(n, 1, (from, to) -> {
      FloatVector va = FloatVector.broadcast(S, a);
      int i = from;
      for (; i <= to - L; i += L) {
        FloatVector.fromArray(S, x, xOff + i).fma(va, FloatVector.fromArray(S, y, yOff + i))
            .intoArray(y, yOff + i);
      }
      for (; i < to; i++) {
        y[yOff + i] = Math.fma(a, x[xOff + i], y[yOff + i]);
      }
    });
  }

  /** 64-bit lanes for the dropout generator (8 on AVX-512, which multiplies 64-bit lanes natively). */
  static final VectorSpecies<Long> SL = LongVector.SPECIES_PREFERRED;
  /** Float lanes matching {@link #SL}'s lane count. */
  static final VectorSpecies<Float> SLF = FloatVector.SPECIES_256;
  /** SplittableRandom's default gamma. */
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  static void dropout(long seed, double p, float keep, float[] in, float[] out, float[] mask,
      int from, int to) {
    // u < p with u = (bits >>> 11)·2^-53 exactly: (bits >>> 11) < ceil(p·2^53) in integers.
    long threshold = (long) Math.ceil(p * 0x1p53);
    int i = from;
    if (SL.length() == 8) {
      // Lane k of the z-vector is seed + (k + 1)·γ; each step adds 8·γ (SplitMix64 in 8 lanes).
      long[] offsets = new long[8];
      for (int k = 0; k < 8; k++) {
        offsets[k] = seed + (k + 1) * GOLDEN_GAMMA;
      }
      LongVector z = LongVector.fromArray(SL, offsets, 0);
      LongVector step = LongVector.broadcast(SL, 8 * GOLDEN_GAMMA);
      FloatVector keepV = FloatVector.broadcast(SLF, keep);
      FloatVector zero = FloatVector.zero(SLF);
      for (; i <= to - 8; i += 8) {
        LongVector b = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30))
            .mul(0xbf58476d1ce4e5b9L);
        b = b.lanewise(VectorOperators.XOR, b.lanewise(VectorOperators.LSHR, 27))
            .mul(0x94d049bb133111ebL);
        b = b.lanewise(VectorOperators.XOR, b.lanewise(VectorOperators.LSHR, 31));
        VectorMask<Float> drop = b.lanewise(VectorOperators.LSHR, 11)
            .compare(VectorOperators.LT, threshold).cast(SLF);
        FloatVector k = keepV.blend(zero, drop);
        if (mask != null) {
          k.intoArray(mask, i);
        }
        FloatVector.fromArray(SLF, in, i).mul(k).intoArray(out, i);
        z = z.add(step);
      }
    }
    long zs = seed + (long) (i - from + 1) * GOLDEN_GAMMA;
    for (; i < to; i++, zs += GOLDEN_GAMMA) {
      long b = (zs ^ (zs >>> 30)) * 0xbf58476d1ce4e5b9L;
      b = (b ^ (b >>> 27)) * 0x94d049bb133111ebL;
      b ^= b >>> 31;
      float k = (b >>> 11) < threshold ? 0f : keep;
      if (mask != null) {
        mask[i] = k;
      }
      out[i] = in[i] * k;
    }
  }

  static void multiply(int n, float[] x, float[] mask) {
    ranges(n, 1, (from, to) -> {
      int i = from;
      for (; i <= to - L; i += L) {
        FloatVector.fromArray(S, x, i).mul(FloatVector.fromArray(S, mask, i)).intoArray(x, i);
      }
      for (; i < to; i++) {
        x[i] *= mask[i];
      }
    });
  }
}
