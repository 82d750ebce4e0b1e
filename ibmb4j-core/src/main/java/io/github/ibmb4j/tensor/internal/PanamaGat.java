package io.github.ibmb4j.tensor.internal;

import static io.github.ibmb4j.tensor.internal.PanamaCommon.L;
import static io.github.ibmb4j.tensor.internal.PanamaCommon.S;
import static io.github.ibmb4j.tensor.internal.PanamaCommon.S8;
import static io.github.ibmb4j.tensor.internal.PanamaCommon.forRowChunks;
import static io.github.ibmb4j.tensor.internal.PanamaCommon.rowChunks;

import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Matrix;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * GAT family of {@link PanamaKernelSupport}: the fused edge softmax and its backward, the
 * attention-weighted aggregation and the α-gradient SDDMM (layout and conventions in
 * {@link KernelSupport}).
 *
 * <p>Rows (destination nodes) are cut into chunks of equal (nnz + rows) fixed by the matrix; each
 * row's outputs are owned by one chunk, so results do not depend on the thread count. The softmax
 * kernels put heads in the lanes (one destination row at a time), the aggregation and SDDMM read
 * feature rows contiguously; see {@code docs/kernels.md} for the per-shape paths.
 */
final class PanamaGat {
  private PanamaGat() {}

  /** 4 float lanes: the edge softmax for a multiple of 4 heads (e.g. 4, 12) runs unmasked on it. */
  static final VectorSpecies<Float> S4 = FloatVector.SPECIES_128;

  @SuppressWarnings("unchecked")
  private static VectorMask<Float>[] headMasks(int heads) {
    VectorMask<Float>[] m = new VectorMask[(heads + L - 1) / L];
    for (int i = 0; i < m.length; i++) {
      m[i] = S.indexInRange(i * L, heads);
    }
    return m;
  }

  private static final float LOG2E = 1.44269504f;
  private static final float LN2_HI = 0.693359375f;
  private static final float LN2_LO = -2.12194440e-4f;
  private static final float MAGIC = 12582912f; // 1.5·2^23: adding it rounds to an integer
  private static final int MAGIC_BITS = Float.floatToRawIntBits(MAGIC);

  /**
   * e^x for x ≤ 0 (clamped at −87.3, where e^x is the smallest normal float), about 2 ulp: Cody–Waite
   * reduction x = n·ln2 + r, a degree-6 Taylor polynomial on |r| ≤ ln2/2, and 2^n built in the
   * exponent bits. Written with exact lane operations only, unlike the EXP intrinsic, so results do
   * not depend on the JIT.
   */
  static FloatVector expNonPositive(FloatVector x) {
    x = x.max(-87.3f);
    FloatVector t = x.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, MAGIC));
    FloatVector n = t.sub(MAGIC);
    FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), x);
    r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
    FloatVector p = FloatVector.broadcast(S, 1f / 720);
    p = p.fma(r, FloatVector.broadcast(S, 1f / 120));
    p = p.fma(r, FloatVector.broadcast(S, 1f / 24));
    p = p.fma(r, FloatVector.broadcast(S, 1f / 6));
    p = p.fma(r, FloatVector.broadcast(S, 0.5f));
    p = p.fma(r, FloatVector.broadcast(S, 1f));
    p = p.fma(r, FloatVector.broadcast(S, 1f));
    IntVector bits = (IntVector) t.viewAsIntegralLanes();
    FloatVector scale = (FloatVector) bits.sub(MAGIC_BITS).add(127)
        .lanewise(VectorOperators.LSHL, 23).viewAsFloatingLanes();
    return p.mul(scale);
  }

  static void gatEdgeSoftmax(CsrMatrix a, int rows, float[] srcScore, float[] dstScore, int heads,
      float negativeSlope, float[] alpha) {
    int[] ptr = a.rowPtr();
    int[] idx = a.colIdx();
    // Masked contiguous loads and stores are slow in the Vector API (not intrinsified on AVX2), so
    // head counts that are a multiple of 8 or 4 run in unmasked 8- or 4-lane blocks. The 8- and
    // 4-lane kernels (and exp8/exp4) are copies that differ only in the species, on purpose: C2
    // emits vector instructions only where it sees the species as a constant; one width-generic
    // method (species as a parameter, or x.broadcast in a shared exp) ran 10-80x slower for the
    // second width a JVM used (docs/bench-gat.md, "One kernel per vector width").
    if (heads % 8 == 0) {
      edgeSoftmax8(ptr, idx, rows, heads, srcScore, dstScore, negativeSlope, alpha);
      return;
    }
    if (heads % 4 == 0) {
      edgeSoftmax4(ptr, idx, rows, heads, srcScore, dstScore, negativeSlope, alpha);
      return;
    }
    int hh = heads;
    VectorMask<Float>[] masks = headMasks(heads);
    forRowChunks(rowChunks(ptr, rows, 8L * heads), (from, to) -> {
      // Heads are the lanes: one destination row at a time, all its entries, L heads per pass.
      for (int r = from; r < to; r++) {
        int s = ptr[r];
        int e = ptr[r + 1];
        if (s == e) {
          continue;
        }
        for (int hb = 0; hb < hh; hb += L) {
          VectorMask<Float> m = masks[hb / L];
          FloatVector d = FloatVector.fromArray(S, dstScore, r * hh + hb, m);
          FloatVector max = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
          for (int q = s; q < e; q++) {
            FloatVector raw = d.add(FloatVector.fromArray(S, srcScore, idx[q] * hh + hb, m));
            FloatVector v = raw.mul(negativeSlope).blend(raw, raw.compare(VectorOperators.GT, 0f));
            v.intoArray(alpha, q * hh + hb, m);
            max = max.max(v);
          }
          FloatVector sum = FloatVector.zero(S);
          for (int q = s; q < e; q++) {
            FloatVector ex = expNonPositive(FloatVector.fromArray(S, alpha, q * hh + hb, m).sub(max));
            ex.intoArray(alpha, q * hh + hb, m);
            sum = sum.add(ex);
          }
          for (int q = s; q < e; q++) {
            FloatVector.fromArray(S, alpha, q * hh + hb, m).div(sum).intoArray(alpha, q * hh + hb, m);
          }
        }
      }
    });
  }

  /**
   * {@link #gatEdgeSoftmax} for a multiple of 8 heads: one unmasked 8-lane vector per edge and
   * block of 8 heads.
   */
  private static void edgeSoftmax8(int[] ptr, int[] idx, int rows, int heads, float[] srcScore,
      float[] dstScore, float negativeSlope, float[] alpha) {
    forRowChunks(rowChunks(ptr, rows, 8L * heads), (from, to) -> {
      for (int r = from; r < to; r++) {
        int s = ptr[r];
        int e = ptr[r + 1];
        if (s == e) {
          continue;
        }
        for (int hb = 0; hb < heads; hb += 8) {
          FloatVector d = FloatVector.fromArray(S8, dstScore, r * heads + hb);
          FloatVector max = FloatVector.broadcast(S8, Float.NEGATIVE_INFINITY);
          for (int q = s; q < e; q++) {
            FloatVector raw = d.add(FloatVector.fromArray(S8, srcScore, idx[q] * heads + hb));
            FloatVector v = raw.mul(negativeSlope).blend(raw, raw.compare(VectorOperators.GT, 0f));
            v.intoArray(alpha, q * heads + hb);
            max = max.max(v);
          }
          FloatVector sum = FloatVector.zero(S8);
          for (int q = s; q < e; q++) {
            FloatVector ex = exp8(FloatVector.fromArray(S8, alpha, q * heads + hb).sub(max));
            ex.intoArray(alpha, q * heads + hb);
            sum = sum.add(ex);
          }
          for (int q = s; q < e; q++) {
            FloatVector.fromArray(S8, alpha, q * heads + hb).div(sum)
                .intoArray(alpha, q * heads + hb);
          }
        }
      }
    });
  }

  /** {@link #gatEdgeSoftmaxBackward} for a multiple of 8 heads, unmasked 8-lane vectors. */
  private static void edgeSoftmaxBackward8(int[] ptr, int[] idx, int rows, int heads,
      float[] srcScore, float[] dstScore, float negativeSlope, float[] alpha, float[] dAlpha,
      float[] dRaw, float[] dDst) {
    forRowChunks(rowChunks(ptr, rows, 4L * heads), (from, to) -> {
      FloatVector one = FloatVector.broadcast(S8, 1f);
      FloatVector slope = FloatVector.broadcast(S8, negativeSlope);
      for (int r = from; r < to; r++) {
        int s = ptr[r];
        int e = ptr[r + 1];
        for (int hb = 0; hb < heads; hb += 8) {
          FloatVector dot = FloatVector.zero(S8);
          for (int q = s; q < e; q++) {
            dot = FloatVector.fromArray(S8, alpha, q * heads + hb)
                .fma(FloatVector.fromArray(S8, dAlpha, q * heads + hb), dot);
          }
          FloatVector d = FloatVector.fromArray(S8, dstScore, r * heads + hb);
          FloatVector sum = FloatVector.zero(S8);
          for (int q = s; q < e; q++) {
            int eo = q * heads + hb;
            FloatVector raw = d.add(FloatVector.fromArray(S8, srcScore, idx[q] * heads + hb));
            FloatVector leak = slope.blend(one, raw.compare(VectorOperators.GT, 0f));
            // dAlpha is read before dRaw is written at the same index: in place is allowed.
            FloatVector g = FloatVector.fromArray(S8, dAlpha, eo).sub(dot)
                .mul(FloatVector.fromArray(S8, alpha, eo)).mul(leak);
            g.intoArray(dRaw, eo);
            sum = sum.add(g);
          }
          sum.intoArray(dDst, r * heads + hb);
        }
      }
    });
  }

  /** {@link #expNonPositive} on 8 lanes (the same operations, so the same bits per lane). */
  static FloatVector exp8(FloatVector x) {
    x = x.max(-87.3f);
    FloatVector t = x.fma(FloatVector.broadcast(S8, LOG2E), FloatVector.broadcast(S8, MAGIC));
    FloatVector n = t.sub(MAGIC);
    FloatVector r = n.fma(FloatVector.broadcast(S8, -LN2_HI), x);
    r = n.fma(FloatVector.broadcast(S8, -LN2_LO), r);
    FloatVector p = FloatVector.broadcast(S8, 1f / 720);
    p = p.fma(r, FloatVector.broadcast(S8, 1f / 120));
    p = p.fma(r, FloatVector.broadcast(S8, 1f / 24));
    p = p.fma(r, FloatVector.broadcast(S8, 1f / 6));
    p = p.fma(r, FloatVector.broadcast(S8, 0.5f));
    p = p.fma(r, FloatVector.broadcast(S8, 1f));
    p = p.fma(r, FloatVector.broadcast(S8, 1f));
    IntVector bits = (IntVector) t.viewAsIntegralLanes();
    FloatVector scale = (FloatVector) bits.sub(MAGIC_BITS).add(127)
        .lanewise(VectorOperators.LSHL, 23).viewAsFloatingLanes();
    return p.mul(scale);
  }

  /**
   * {@link #gatEdgeSoftmax} for a multiple of 4 heads: one unmasked 4-lane vector per edge and
   * block of 4 heads.
   */
  private static void edgeSoftmax4(int[] ptr, int[] idx, int rows, int heads, float[] srcScore,
      float[] dstScore, float negativeSlope, float[] alpha) {
    forRowChunks(rowChunks(ptr, rows, 8L * heads), (from, to) -> {
      for (int r = from; r < to; r++) {
        int s = ptr[r];
        int e = ptr[r + 1];
        if (s == e) {
          continue;
        }
        for (int hb = 0; hb < heads; hb += 4) {
          FloatVector d = FloatVector.fromArray(S4, dstScore, r * heads + hb);
          FloatVector max = FloatVector.broadcast(S4, Float.NEGATIVE_INFINITY);
          for (int q = s; q < e; q++) {
            FloatVector raw = d.add(FloatVector.fromArray(S4, srcScore, idx[q] * heads + hb));
            FloatVector v = raw.mul(negativeSlope).blend(raw, raw.compare(VectorOperators.GT, 0f));
            v.intoArray(alpha, q * heads + hb);
            max = max.max(v);
          }
          FloatVector sum = FloatVector.zero(S4);
          for (int q = s; q < e; q++) {
            FloatVector ex = exp4(FloatVector.fromArray(S4, alpha, q * heads + hb).sub(max));
            ex.intoArray(alpha, q * heads + hb);
            sum = sum.add(ex);
          }
          for (int q = s; q < e; q++) {
            FloatVector.fromArray(S4, alpha, q * heads + hb).div(sum)
                .intoArray(alpha, q * heads + hb);
          }
        }
      }
    });
  }

  /** {@link #gatEdgeSoftmaxBackward} for a multiple of 4 heads, unmasked 4-lane vectors. */
  private static void edgeSoftmaxBackward4(int[] ptr, int[] idx, int rows, int heads,
      float[] srcScore, float[] dstScore, float negativeSlope, float[] alpha, float[] dAlpha,
      float[] dRaw, float[] dDst) {
    forRowChunks(rowChunks(ptr, rows, 4L * heads), (from, to) -> {
      FloatVector one = FloatVector.broadcast(S4, 1f);
      FloatVector slope = FloatVector.broadcast(S4, negativeSlope);
      for (int r = from; r < to; r++) {
        int s = ptr[r];
        int e = ptr[r + 1];
        for (int hb = 0; hb < heads; hb += 4) {
          FloatVector dot = FloatVector.zero(S4);
          for (int q = s; q < e; q++) {
            dot = FloatVector.fromArray(S4, alpha, q * heads + hb)
                .fma(FloatVector.fromArray(S4, dAlpha, q * heads + hb), dot);
          }
          FloatVector d = FloatVector.fromArray(S4, dstScore, r * heads + hb);
          FloatVector sum = FloatVector.zero(S4);
          for (int q = s; q < e; q++) {
            int eo = q * heads + hb;
            FloatVector raw = d.add(FloatVector.fromArray(S4, srcScore, idx[q] * heads + hb));
            FloatVector leak = slope.blend(one, raw.compare(VectorOperators.GT, 0f));
            // dAlpha is read before dRaw is written at the same index: in place is allowed.
            FloatVector g = FloatVector.fromArray(S4, dAlpha, eo).sub(dot)
                .mul(FloatVector.fromArray(S4, alpha, eo)).mul(leak);
            g.intoArray(dRaw, eo);
            sum = sum.add(g);
          }
          sum.intoArray(dDst, r * heads + hb);
        }
      }
    });
  }

  /** {@link #expNonPositive} on 4 lanes (the same operations, so the same bits per lane). */
  static FloatVector exp4(FloatVector x) {
    x = x.max(-87.3f);
    FloatVector t = x.fma(FloatVector.broadcast(S4, LOG2E), FloatVector.broadcast(S4, MAGIC));
    FloatVector n = t.sub(MAGIC);
    FloatVector r = n.fma(FloatVector.broadcast(S4, -LN2_HI), x);
    r = n.fma(FloatVector.broadcast(S4, -LN2_LO), r);
    FloatVector p = FloatVector.broadcast(S4, 1f / 720);
    p = p.fma(r, FloatVector.broadcast(S4, 1f / 120));
    p = p.fma(r, FloatVector.broadcast(S4, 1f / 24));
    p = p.fma(r, FloatVector.broadcast(S4, 1f / 6));
    p = p.fma(r, FloatVector.broadcast(S4, 0.5f));
    p = p.fma(r, FloatVector.broadcast(S4, 1f));
    p = p.fma(r, FloatVector.broadcast(S4, 1f));
    IntVector bits = (IntVector) t.viewAsIntegralLanes();
    FloatVector scale = (FloatVector) bits.sub(MAGIC_BITS).add(127)
        .lanewise(VectorOperators.LSHL, 23).viewAsFloatingLanes();
    return p.mul(scale);
  }

  static void gatAggregate(CsrMatrix a, int rows, float[] alpha, int heads, Matrix x, Matrix out,
      boolean accumulate) {
    int f = x.cols();
    if (rows == 0 || f == 0) {
      return;
    }
    int d = f / heads;
    int[] ptr = a.rowPtr();
    int[] idx = a.colIdx();
    float[] X = x.data();
    float[] O = out.data();
    forRowChunks(rowChunks(ptr, rows, f), (from, to) -> {
      for (int r = from; r < to; r++) {
        int s = ptr[r];
        int e = ptr[r + 1];
        int o = r * f;
        if (d % (8 * L) == 0) {
          // Passes of 8 vectors inside one head: one α broadcast per edge and pass, and half the
          // passes over the row's entries of 4-vector passes (measured 1.3-1.7x faster for
          // D = 64, 128 on AVX2). Every element gets the same FMA chain as in the paths below.
          for (int j = 0; j < f; j += 8 * L) {
            aggregatePass8(s, e, idx, alpha, heads, j / d, X, f, j, O, o + j, accumulate);
          }
        } else if (d % L == 0) {
          // Every vector lies in one head: 4 accumulators (possibly spanning heads) per pass.
          int j = 0;
          for (; j <= f - 4 * L; j += 4 * L) {
            int h0 = j / d;
            int h1 = (j + L) / d;
            int h2 = (j + 2 * L) / d;
            int h3 = (j + 3 * L) / d;
            FloatVector a0;
            FloatVector a1;
            FloatVector a2;
            FloatVector a3;
            if (accumulate) {
              a0 = FloatVector.fromArray(S, O, o + j);
              a1 = FloatVector.fromArray(S, O, o + j + L);
              a2 = FloatVector.fromArray(S, O, o + j + 2 * L);
              a3 = FloatVector.fromArray(S, O, o + j + 3 * L);
            } else {
              a0 = FloatVector.zero(S);
              a1 = a0;
              a2 = a0;
              a3 = a0;
            }
            for (int q = s; q < e; q++) {
              int xo = idx[q] * f + j;
              int ao = q * heads;
              a0 = FloatVector.fromArray(S, X, xo)
                  .fma(FloatVector.broadcast(S, alpha[ao + h0]), a0);
              a1 = FloatVector.fromArray(S, X, xo + L)
                  .fma(FloatVector.broadcast(S, alpha[ao + h1]), a1);
              a2 = FloatVector.fromArray(S, X, xo + 2 * L)
                  .fma(FloatVector.broadcast(S, alpha[ao + h2]), a2);
              a3 = FloatVector.fromArray(S, X, xo + 3 * L)
                  .fma(FloatVector.broadcast(S, alpha[ao + h3]), a3);
            }
            a0.intoArray(O, o + j);
            a1.intoArray(O, o + j + L);
            a2.intoArray(O, o + j + 2 * L);
            a3.intoArray(O, o + j + 3 * L);
          }
          for (; j < f; j += L) {
            int h = j / d;
            FloatVector a0 = accumulate ? FloatVector.fromArray(S, O, o + j) : FloatVector.zero(S);
            for (int q = s; q < e; q++) {
              a0 = FloatVector.fromArray(S, X, idx[q] * f + j)
                  .fma(FloatVector.broadcast(S, alpha[q * heads + h]), a0);
            }
            a0.intoArray(O, o + j);
          }
        } else {
          for (int h = 0; h < heads; h++) {
            int j = h * d;
            int end = j + d;
            for (; j <= end - L; j += L) {
              FloatVector a0 = accumulate ? FloatVector.fromArray(S, O, o + j) : FloatVector.zero(S);
              for (int q = s; q < e; q++) {
                a0 = FloatVector.fromArray(S, X, idx[q] * f + j)
                  .fma(FloatVector.broadcast(S, alpha[q * heads + h]), a0);
              }
              a0.intoArray(O, o + j);
            }
            for (; j < end; j++) {
              float acc = accumulate ? O[o + j] : 0f;
              for (int q = s; q < e; q++) {
                acc = Math.fma(alpha[q * heads + h], X[idx[q] * f + j], acc);
              }
              O[o + j] = acc;
            }
          }
        }
      }
    });
  }

  /**
   * One 8-vector pass of {@link #gatAggregate} for columns [j, j + 8L) of head h: O[o, o + 8L) (+)=
   * Σ_q α(q, h)·X[idx[q]·f + j, … + 8L) over entries [s, e), 8 accumulators carried across entries.
   */
  private static void aggregatePass8(int s, int e, int[] idx, float[] alpha, int heads, int h,
      float[] X, int f, int j, float[] O, int o, boolean accumulate) {
    FloatVector a0;
    FloatVector a1;
    FloatVector a2;
    FloatVector a3;
    FloatVector a4;
    FloatVector a5;
    FloatVector a6;
    FloatVector a7;
    if (accumulate) {
      a0 = FloatVector.fromArray(S, O, o);
      a1 = FloatVector.fromArray(S, O, o + L);
      a2 = FloatVector.fromArray(S, O, o + 2 * L);
      a3 = FloatVector.fromArray(S, O, o + 3 * L);
      a4 = FloatVector.fromArray(S, O, o + 4 * L);
      a5 = FloatVector.fromArray(S, O, o + 5 * L);
      a6 = FloatVector.fromArray(S, O, o + 6 * L);
      a7 = FloatVector.fromArray(S, O, o + 7 * L);
    } else {
      a0 = FloatVector.zero(S);
      a1 = a0;
      a2 = a0;
      a3 = a0;
      a4 = a0;
      a5 = a0;
      a6 = a0;
      a7 = a0;
    }
    for (int q = s; q < e; q++) {
      int xo = idx[q] * f + j;
      FloatVector w = FloatVector.broadcast(S, alpha[q * heads + h]);
      a0 = FloatVector.fromArray(S, X, xo).fma(w, a0);
      a1 = FloatVector.fromArray(S, X, xo + L).fma(w, a1);
      a2 = FloatVector.fromArray(S, X, xo + 2 * L).fma(w, a2);
      a3 = FloatVector.fromArray(S, X, xo + 3 * L).fma(w, a3);
      a4 = FloatVector.fromArray(S, X, xo + 4 * L).fma(w, a4);
      a5 = FloatVector.fromArray(S, X, xo + 5 * L).fma(w, a5);
      a6 = FloatVector.fromArray(S, X, xo + 6 * L).fma(w, a6);
      a7 = FloatVector.fromArray(S, X, xo + 7 * L).fma(w, a7);
    }
    a0.intoArray(O, o);
    a1.intoArray(O, o + L);
    a2.intoArray(O, o + 2 * L);
    a3.intoArray(O, o + 3 * L);
    a4.intoArray(O, o + 4 * L);
    a5.intoArray(O, o + 5 * L);
    a6.intoArray(O, o + 6 * L);
    a7.intoArray(O, o + 7 * L);
  }

  static void gatAttentionGrad(CsrMatrix a, int rows, Matrix dOut, int heads, Matrix x,
      float[] dAlpha) {
    int f = x.cols();
    if (rows == 0) {
      return;
    }
    int d = f / heads;
    int dv = d - d % L; // the part of a head that whole vectors cover
    int[] ptr = a.rowPtr();
    int[] idx = a.colIdx();
    float[] X = x.data();
    float[] G = dOut.data();
    forRowChunks(rowChunks(ptr, rows, Math.max(1, f)), (from, to) -> {
      // Contiguous loads of X rows and of dOut's row, one vector accumulator per (edge, head),
      // four edges at a time (independent FMA chains sharing the dOut loads); the lanes are summed
      // by a fixed pairwise tree and the head's scalar tail is added last. Every (edge, head) thus
      // gets the same operations in the same order whether it is in a group of four or alone.
      // (The previous version put a row's edges in the lanes and gathered X column by column,
      // which avoids horizontal sums; on AVX2 the masked gather runs in the Vector API's Java
      // fallback (seen in JFR), and it was 4-7x slower: docs/bench-gat.md.)
      float[] lanes = new float[4 * L];
      for (int r = from; r < to; r++) {
        int go = r * f;
        int s = ptr[r];
        int e = ptr[r + 1];
        int q = s;
        for (; q <= e - 4; q += 4) {
          int x0 = idx[q] * f;
          int x1 = idx[q + 1] * f;
          int x2 = idx[q + 2] * f;
          int x3 = idx[q + 3] * f;
          for (int h = 0; h < heads; h++) {
            int j0 = h * d;
            float s0 = 0f;
            float s1 = 0f;
            float s2 = 0f;
            float s3 = 0f;
            if (dv > 0) {
              FloatVector a0 = FloatVector.zero(S);
              FloatVector a1 = a0;
              FloatVector a2 = a0;
              FloatVector a3 = a0;
              for (int j = j0; j < j0 + dv; j += L) {
                FloatVector g = FloatVector.fromArray(S, G, go + j);
                a0 = FloatVector.fromArray(S, X, x0 + j).fma(g, a0);
                a1 = FloatVector.fromArray(S, X, x1 + j).fma(g, a1);
                a2 = FloatVector.fromArray(S, X, x2 + j).fma(g, a2);
                a3 = FloatVector.fromArray(S, X, x3 + j).fma(g, a3);
              }
              a0.intoArray(lanes, 0);
              a1.intoArray(lanes, L);
              a2.intoArray(lanes, 2 * L);
              a3.intoArray(lanes, 3 * L);
              s0 = pairwiseSum(lanes, 0);
              s1 = pairwiseSum(lanes, L);
              s2 = pairwiseSum(lanes, 2 * L);
              s3 = pairwiseSum(lanes, 3 * L);
            }
            for (int j = j0 + dv; j < j0 + d; j++) {
              float g = G[go + j];
              s0 = Math.fma(g, X[x0 + j], s0);
              s1 = Math.fma(g, X[x1 + j], s1);
              s2 = Math.fma(g, X[x2 + j], s2);
              s3 = Math.fma(g, X[x3 + j], s3);
            }
            dAlpha[q * heads + h] = s0;
            dAlpha[(q + 1) * heads + h] = s1;
            dAlpha[(q + 2) * heads + h] = s2;
            dAlpha[(q + 3) * heads + h] = s3;
          }
        }
        for (; q < e; q++) {
          int x0 = idx[q] * f;
          for (int h = 0; h < heads; h++) {
            int j0 = h * d;
            float s0 = 0f;
            if (dv > 0) {
              FloatVector a0 = FloatVector.zero(S);
              for (int j = j0; j < j0 + dv; j += L) {
                a0 = FloatVector.fromArray(S, X, x0 + j).fma(FloatVector.fromArray(S, G, go + j), a0);
              }
              a0.intoArray(lanes, 0);
              s0 = pairwiseSum(lanes, 0);
            }
            for (int j = j0 + dv; j < j0 + d; j++) {
              s0 = Math.fma(G[go + j], X[x0 + j], s0);
            }
            dAlpha[q * heads + h] = s0;
          }
        }
      }
    });
  }

  /**
   * Σ t[off, off + L) by a fixed pairwise tree (lane i + w added to lane i, w = L/2, L/4, …, 1): a
   * depth-log₂L dependency chain instead of L, and an order that does not depend on the JIT.
   * Overwrites t[off, off + L/2).
   */
  private static float pairwiseSum(float[] t, int off) {
    for (int w = L >> 1; w > 1; w >>= 1) {
      for (int i = 0; i < w; i++) {
        t[off + i] += t[off + i + w];
      }
    }
    return t[off] + t[off + 1];
  }

  static void gatEdgeSoftmaxBackward(CsrMatrix a, int rows, float[] srcScore, float[] dstScore,
      int heads, float negativeSlope, float[] alpha, float[] dAlpha, float[] dRaw, float[] dDst) {
    int[] ptr = a.rowPtr();
    int[] idx = a.colIdx();
    if (heads % 8 == 0) {
      edgeSoftmaxBackward8(ptr, idx, rows, heads, srcScore, dstScore, negativeSlope, alpha, dAlpha,
          dRaw, dDst);
      return;
    }
    if (heads % 4 == 0) {
      edgeSoftmaxBackward4(ptr, idx, rows, heads, srcScore, dstScore, negativeSlope, alpha, dAlpha,
          dRaw, dDst);
      return;
    }
    int hh = heads;
    VectorMask<Float>[] masks = headMasks(heads);
    forRowChunks(rowChunks(ptr, rows, 4L * heads), (from, to) -> {
      for (int r = from; r < to; r++) {
        int s = ptr[r];
        int e = ptr[r + 1];
        for (int hb = 0; hb < hh; hb += L) {
          VectorMask<Float> m = masks[hb / L];
          FloatVector dot = FloatVector.zero(S);
          for (int q = s; q < e; q++) {
            dot = FloatVector.fromArray(S, alpha, q * hh + hb, m)
                .fma(FloatVector.fromArray(S, dAlpha, q * hh + hb, m), dot);
          }
          FloatVector d = FloatVector.fromArray(S, dstScore, r * hh + hb, m);
          FloatVector sum = FloatVector.zero(S);
          FloatVector one = FloatVector.broadcast(S, 1f);
          FloatVector slope = FloatVector.broadcast(S, negativeSlope);
          for (int q = s; q < e; q++) {
            int eo = q * hh + hb;
            FloatVector raw = d.add(FloatVector.fromArray(S, srcScore, idx[q] * hh + hb, m));
            FloatVector leak = slope.blend(one, raw.compare(VectorOperators.GT, 0f));
            FloatVector g = FloatVector.fromArray(S, dAlpha, eo, m).sub(dot)
                .mul(FloatVector.fromArray(S, alpha, eo, m)).mul(leak);
            g.intoArray(dRaw, eo, m);
            sum = sum.add(g);
          }
          sum.intoArray(dDst, r * hh + hb, m);
        }
      }
    });
  }
}
