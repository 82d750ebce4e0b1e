package io.github.ibmb4j.tensor.internal;

import static io.github.ibmb4j.tensor.internal.PanamaCommon.L;
import static io.github.ibmb4j.tensor.internal.PanamaCommon.RANGE_ELEMS;
import static io.github.ibmb4j.tensor.internal.PanamaCommon.S;
import static io.github.ibmb4j.tensor.internal.PanamaCommon.SLOT_A_EDGE;
import static io.github.ibmb4j.tensor.internal.PanamaCommon.SLOT_A_PACK;
import static io.github.ibmb4j.tensor.internal.PanamaCommon.SLOT_B_EDGE;
import static io.github.ibmb4j.tensor.internal.PanamaCommon.SLOT_B_PACK;
import static io.github.ibmb4j.tensor.internal.PanamaCommon.SLOT_PARTIAL;
import static io.github.ibmb4j.tensor.internal.PanamaCommon.SLOT_TILE;
import static io.github.ibmb4j.tensor.internal.PanamaCommon.scratch;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.tensor.Matrix;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.incubator.vector.FloatVector;

/**
 * GEMM family of {@link PanamaKernelSupport}: C = op(A)·op(B) (+C) for the three operand layouts the
 * layers use.
 *
 * <ul>
 *   <li>GotoBLAS-style packed path: all of op(B) is packed into NR-wide panels per KC-deep block;
 *       2-D tiles of MC rows × NC columns of C are claimed from an {@link AtomicInteger}; each thread
 *       packs its A block into MR-row micro-panels and a register-tiled MR×NR micro-kernel (MR = 4,
 *       NR = 4 vectors, 16 accumulators) does broadcast-FMA. Transposed operands only change the
 *       strides the packing routines read with. O(m·n·k) time, O(k·n) extra memory.
 *   <li>Aᵀ·B with a long reduction axis (the weight gradient Xᵀ·dY, k ≫ m, n): split-K without
 *       packing. k is cut into a number of ranges that depends only on the shape; each range writes
 *       a private m×n partial with the same micro-kernel reading A and B in place; partials are
 *       summed in range order. O(ranges·m·n) extra memory.
 *   <li>Products under {@link #SMALL_GEMM} multiply-adds: dot-product loops.
 * </ul>
 *
 * <p>Determinism: every element of C is computed by one tile with a reduction order fixed by the
 * shapes, so results do not depend on the thread count. Stateless apart from per-thread scratch.
 */
final class PanamaGemm {
  /** Micro-kernel rows. */
  static final int MR = 4;
  /** Micro-kernel columns: 4 vectors, so MR×NR is 16 accumulators (of 32 AVX-512 registers). */
  static final int NR = 4 * L;
  /** Rows of A per packed block (L2-sized A block MC×KC). */
  static final int MC = 96;
  /** Depth of a packed block. */
  static final int KC = 256;
  /** Columns of C per tile (a multiple of NR). */
  static final int NC = 8 * NR;
  /** Below this many multiply-adds a plain loop beats packing. */
  static final long SMALL_GEMM = 1L << 15;

  private PanamaGemm() {}

  static void matmul(Matrix a, Matrix b, Matrix c, boolean accumulate) {
    int k = a.cols();
    int n = b.cols();
    gemm(a.rows(), n, k, a.data(), k, 1, b.data(), n, 1, c.data(), accumulate);
  }

  static void matmulTransA(Matrix a, Matrix b, Matrix c, boolean accumulate) {
    int k = a.rows();
    int m = a.cols();
    int n = b.cols();
    if (useSplitK(m, n, k)) {
      splitKTransA(m, n, k, a.data(), b.data(), c.data(), accumulate);
    } else {
      gemm(m, n, k, a.data(), 1, m, b.data(), n, 1, c.data(), accumulate);
    }
  }

  static void matmulTransB(Matrix a, Matrix b, Matrix c, boolean accumulate) {
    int k = a.cols();
    int n = b.rows();
    gemm(a.rows(), n, k, a.data(), k, 1, b.data(), 1, k, c.data(), accumulate);
  }

  /**
   * C (m×n, row-major) = op(A)·op(B) (+C), where op(A)(i, p) = a[i·ars + p·acs] and
   * op(B)(p, j) = b[p·brs + j·bcs].
   */
  static void gemm(int m, int n, int k, float[] a, int ars, int acs, float[] b, int brs, int bcs,
      float[] c, boolean accumulate) {
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      if (!accumulate) {
        Arrays.fill(c, 0, m * n, 0f);
      }
      return;
    }
    if ((long) m * n * k < SMALL_GEMM) {
      smallGemm(m, n, k, a, ars, acs, b, brs, bcs, c, accumulate);
      return;
    }
    int nPanels = (n + NR - 1) / NR;
    float[] bp = packB(n, k, b, brs, bcs, nPanels);
    int mTiles = (m + MC - 1) / MC;
    int nTiles = (n + NC - 1) / NC;
    int tiles = mTiles * nTiles;
    AtomicInteger next = new AtomicInteger();
    Parallel.forEachChunk(Math.min(Parallel.threads(), tiles), w -> {
      float[] ap = scratch(SLOT_A_PACK, MC * KC);
      float[] tmp = scratch(SLOT_TILE, MR * NR);
      for (int t; (t = next.getAndIncrement()) < tiles; ) {
        int i0 = (t / nTiles) * MC;
        int j0 = (t % nTiles) * NC;
        gemmTile(m, n, k, a, ars, acs, bp, nPanels, c, accumulate, i0, Math.min(MC, m - i0), j0,
            Math.min(NC, n - j0), ap, tmp);
      }
    });
  }

  private static void gemmTile(int m, int n, int k, float[] a, int ars, int acs, float[] bp,
      int nPanels, float[] c, boolean accumulate, int i0, int mc, int j0, int nc, float[] ap,
      float[] tmp) {
    for (int p0 = 0; p0 < k; p0 += KC) {
      int kc = Math.min(KC, k - p0);
      packA(a, ars, acs, i0, mc, p0, kc, ap);
      boolean load = accumulate || p0 > 0;
      for (int jr = j0; jr < j0 + nc; jr += NR) {
        int nr = Math.min(NR, n - jr);
        int bOff = p0 * nPanels * NR + (jr / NR) * kc * NR;
        for (int ir = 0; ir < mc; ir += MR) {
          int mr = Math.min(MR, mc - ir);
          int aOff = ir * kc;
          if (mr == MR && nr == NR) {
            packedKernel(ap, aOff, bp, bOff, kc, c, (i0 + ir) * n + jr, n, load);
          } else {
            // Packed operands are zero-padded, so the full kernel can run into a scratch tile.
            if (nr <= 3 * L) {
              microKernel3(ap, aOff, MR, bp, bOff, NR, kc, tmp, 0, NR);
            } else {
              packedKernel(ap, aOff, bp, bOff, kc, tmp, 0, NR, false);
            }
            addTile(tmp, mr, nr, c, (i0 + ir) * n + jr, n, load);
          }
        }
      }
    }
  }

  /**
   * Packs op(B) (k×n) into blocks of KC rows; within a block, panels of NR columns, each kc×NR
   * row-major, zero-padded past n. Block p0 starts at p0·nPanels·NR.
   */
  private static float[] packB(int n, int k, float[] b, int brs, int bcs, int nPanels) {
    float[] bp = scratch(SLOT_B_PACK, nPanels * NR * k);
    int chunks = (int) Math.min(nPanels, Math.max(1, (long) n * k / RANGE_ELEMS));
    Parallel.forRanges(nPanels, chunks, (ch, from, to) -> {
      for (int panel = from; panel < to; panel++) {
        int j0 = panel * NR;
        int nr = Math.min(NR, n - j0);
        for (int p0 = 0; p0 < k; p0 += KC) {
          int kc = Math.min(KC, k - p0);
          int base = p0 * nPanels * NR + panel * kc * NR;
          if (bcs == 1) {
            for (int p = 0; p < kc; p++) {
              System.arraycopy(b, (p0 + p) * brs + j0, bp, base + p * NR, nr);
            }
          } else {
            // Transposed B: read each column contiguously.
            for (int jj = 0; jj < nr; jj++) {
              int src = (j0 + jj) * bcs + p0 * brs;
              for (int p = 0; p < kc; p++) {
                bp[base + p * NR + jj] = b[src + p * brs];
              }
            }
          }
        }
      }
    });
    return bp;
  }

  /** Packs op(A)[i0.., p0..] (mc×kc) into MR-row micro-panels, each kc×MR, zero-padded rows. */
  private static void packA(float[] a, int ars, int acs, int i0, int mc, int p0, int kc,
      float[] ap) {
    for (int ir = 0; ir < mc; ir += MR) {
      int mr = Math.min(MR, mc - ir);
      int base = ir * kc;
      if (acs == 1) {
        for (int ii = 0; ii < mr; ii++) {
          int src = (i0 + ir + ii) * ars + p0;
          for (int p = 0; p < kc; p++) {
            ap[base + p * MR + ii] = a[src + p];
          }
        }
      } else {
        for (int p = 0; p < kc; p++) {
          int src = (p0 + p) * acs + (i0 + ir) * ars;
          for (int ii = 0; ii < mr; ii++) {
            ap[base + p * MR + ii] = a[src + ii * ars];
          }
        }
      }
      for (int ii = mr; ii < MR; ii++) {
        for (int p = 0; p < kc; p++) {
          ap[base + p * MR + ii] = 0f;
        }
      }
    }
  }

  /**
   * The register-tiled MR×NR micro-kernel: C[cOff.., ldc] (+)= Σ_p a(·, p) ⊗ b(p, ·), where
   * a(ii, p) = a[aOff + p·aStep + ii] and b(p, jj) = b[bOff + p·bStep + jj], p in [0, kc). Starts
   * from C when {@code load}, else from zero. All MR rows and NR columns must be readable.
   */
  static void microKernel(float[] a, int aOff, int aStep, float[] b, int bOff, int bStep, int kc,
      float[] c, int cOff, int ldc, boolean load) {
    FloatVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33;
    int r0 = cOff;
    int r1 = cOff + ldc;
    int r2 = cOff + 2 * ldc;
    int r3 = cOff + 3 * ldc;
    if (load) {
      c00 = FloatVector.fromArray(S, c, r0);
      c01 = FloatVector.fromArray(S, c, r0 + L);
      c02 = FloatVector.fromArray(S, c, r0 + 2 * L);
      c03 = FloatVector.fromArray(S, c, r0 + 3 * L);
      c10 = FloatVector.fromArray(S, c, r1);
      c11 = FloatVector.fromArray(S, c, r1 + L);
      c12 = FloatVector.fromArray(S, c, r1 + 2 * L);
      c13 = FloatVector.fromArray(S, c, r1 + 3 * L);
      c20 = FloatVector.fromArray(S, c, r2);
      c21 = FloatVector.fromArray(S, c, r2 + L);
      c22 = FloatVector.fromArray(S, c, r2 + 2 * L);
      c23 = FloatVector.fromArray(S, c, r2 + 3 * L);
      c30 = FloatVector.fromArray(S, c, r3);
      c31 = FloatVector.fromArray(S, c, r3 + L);
      c32 = FloatVector.fromArray(S, c, r3 + 2 * L);
      c33 = FloatVector.fromArray(S, c, r3 + 3 * L);
    } else {
      FloatVector z = FloatVector.zero(S);
      c00 = z; c01 = z; c02 = z; c03 = z;
      c10 = z; c11 = z; c12 = z; c13 = z;
      c20 = z; c21 = z; c22 = z; c23 = z;
      c30 = z; c31 = z; c32 = z; c33 = z;
    }
    int ao = aOff;
    int bo = bOff;
    for (int p = 0; p < kc; p++, ao += aStep, bo += bStep) {
      FloatVector b0 = FloatVector.fromArray(S, b, bo);
      FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
      FloatVector b2 = FloatVector.fromArray(S, b, bo + 2 * L);
      FloatVector b3 = FloatVector.fromArray(S, b, bo + 3 * L);
      FloatVector x = FloatVector.broadcast(S, a[ao]);
      c00 = b0.fma(x, c00);
      c01 = b1.fma(x, c01);
      c02 = b2.fma(x, c02);
      c03 = b3.fma(x, c03);
      x = FloatVector.broadcast(S, a[ao + 1]);
      c10 = b0.fma(x, c10);
      c11 = b1.fma(x, c11);
      c12 = b2.fma(x, c12);
      c13 = b3.fma(x, c13);
      x = FloatVector.broadcast(S, a[ao + 2]);
      c20 = b0.fma(x, c20);
      c21 = b1.fma(x, c21);
      c22 = b2.fma(x, c22);
      c23 = b3.fma(x, c23);
      x = FloatVector.broadcast(S, a[ao + 3]);
      c30 = b0.fma(x, c30);
      c31 = b1.fma(x, c31);
      c32 = b2.fma(x, c32);
      c33 = b3.fma(x, c33);
    }
    c00.intoArray(c, r0);
    c01.intoArray(c, r0 + L);
    c02.intoArray(c, r0 + 2 * L);
    c03.intoArray(c, r0 + 3 * L);
    c10.intoArray(c, r1);
    c11.intoArray(c, r1 + L);
    c12.intoArray(c, r1 + 2 * L);
    c13.intoArray(c, r1 + 3 * L);
    c20.intoArray(c, r2);
    c21.intoArray(c, r2 + L);
    c22.intoArray(c, r2 + 2 * L);
    c23.intoArray(c, r2 + 3 * L);
    c30.intoArray(c, r3);
    c31.intoArray(c, r3 + L);
    c32.intoArray(c, r3 + 2 * L);
    c33.intoArray(c, r3 + 3 * L);
  }

  /**
   * {@link #microKernel} for packed operands (steps MR and NR): constant strides let C2 hoist the
   * range checks out of the loop.
   */
  static void packedKernel(float[] a, int aOff, float[] b, int bOff, int kc,
      float[] c, int cOff, int ldc, boolean load) {
    FloatVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33;
    int r0 = cOff;
    int r1 = cOff + ldc;
    int r2 = cOff + 2 * ldc;
    int r3 = cOff + 3 * ldc;
    if (load) {
      c00 = FloatVector.fromArray(S, c, r0);
      c01 = FloatVector.fromArray(S, c, r0 + L);
      c02 = FloatVector.fromArray(S, c, r0 + 2 * L);
      c03 = FloatVector.fromArray(S, c, r0 + 3 * L);
      c10 = FloatVector.fromArray(S, c, r1);
      c11 = FloatVector.fromArray(S, c, r1 + L);
      c12 = FloatVector.fromArray(S, c, r1 + 2 * L);
      c13 = FloatVector.fromArray(S, c, r1 + 3 * L);
      c20 = FloatVector.fromArray(S, c, r2);
      c21 = FloatVector.fromArray(S, c, r2 + L);
      c22 = FloatVector.fromArray(S, c, r2 + 2 * L);
      c23 = FloatVector.fromArray(S, c, r2 + 3 * L);
      c30 = FloatVector.fromArray(S, c, r3);
      c31 = FloatVector.fromArray(S, c, r3 + L);
      c32 = FloatVector.fromArray(S, c, r3 + 2 * L);
      c33 = FloatVector.fromArray(S, c, r3 + 3 * L);
    } else {
      FloatVector z = FloatVector.zero(S);
      c00 = z; c01 = z; c02 = z; c03 = z;
      c10 = z; c11 = z; c12 = z; c13 = z;
      c20 = z; c21 = z; c22 = z; c23 = z;
      c30 = z; c31 = z; c32 = z; c33 = z;
    }
    for (int p = 0; p < kc; p++) {
      int ao = aOff + p * MR;
      int bo = bOff + p * NR;
      FloatVector b0 = FloatVector.fromArray(S, b, bo);
      FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
      FloatVector b2 = FloatVector.fromArray(S, b, bo + 2 * L);
      FloatVector b3 = FloatVector.fromArray(S, b, bo + 3 * L);
      FloatVector x = FloatVector.broadcast(S, a[ao]);
      c00 = b0.fma(x, c00);
      c01 = b1.fma(x, c01);
      c02 = b2.fma(x, c02);
      c03 = b3.fma(x, c03);
      x = FloatVector.broadcast(S, a[ao + 1]);
      c10 = b0.fma(x, c10);
      c11 = b1.fma(x, c11);
      c12 = b2.fma(x, c12);
      c13 = b3.fma(x, c13);
      x = FloatVector.broadcast(S, a[ao + 2]);
      c20 = b0.fma(x, c20);
      c21 = b1.fma(x, c21);
      c22 = b2.fma(x, c22);
      c23 = b3.fma(x, c23);
      x = FloatVector.broadcast(S, a[ao + 3]);
      c30 = b0.fma(x, c30);
      c31 = b1.fma(x, c31);
      c32 = b2.fma(x, c32);
      c33 = b3.fma(x, c33);
    }
    c00.intoArray(c, r0);
    c01.intoArray(c, r0 + L);
    c02.intoArray(c, r0 + 2 * L);
    c03.intoArray(c, r0 + 3 * L);
    c10.intoArray(c, r1);
    c11.intoArray(c, r1 + L);
    c12.intoArray(c, r1 + 2 * L);
    c13.intoArray(c, r1 + 3 * L);
    c20.intoArray(c, r2);
    c21.intoArray(c, r2 + L);
    c22.intoArray(c, r2 + 2 * L);
    c23.intoArray(c, r2 + 3 * L);
    c30.intoArray(c, r3);
    c31.intoArray(c, r3 + L);
    c32.intoArray(c, r3 + 2 * L);
    c33.intoArray(c, r3 + 3 * L);
  }

  /**
   * {@link #microKernel} with 3 of the NR/L column vectors, from zero: for a last panel with at most
   * 3·L real columns, whose 4th vector would be all padding (narrow outputs such as 40 classes).
   */
  static void microKernel3(float[] a, int aOff, int aStep, float[] b, int bOff, int bStep, int kc,
      float[] c, int cOff, int ldc) {
    FloatVector z = FloatVector.zero(S);
    FloatVector c00 = z; FloatVector c01 = z; FloatVector c02 = z;
    FloatVector c10 = z; FloatVector c11 = z; FloatVector c12 = z;
    FloatVector c20 = z; FloatVector c21 = z; FloatVector c22 = z;
    FloatVector c30 = z; FloatVector c31 = z; FloatVector c32 = z;
    for (int p = 0; p < kc; p++) {
      int ao = aOff + p * aStep;
      int bo = bOff + p * bStep;
      FloatVector b0 = FloatVector.fromArray(S, b, bo);
      FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
      FloatVector b2 = FloatVector.fromArray(S, b, bo + 2 * L);
      FloatVector x = FloatVector.broadcast(S, a[ao]);
      c00 = b0.fma(x, c00);
      c01 = b1.fma(x, c01);
      c02 = b2.fma(x, c02);
      x = FloatVector.broadcast(S, a[ao + 1]);
      c10 = b0.fma(x, c10);
      c11 = b1.fma(x, c11);
      c12 = b2.fma(x, c12);
      x = FloatVector.broadcast(S, a[ao + 2]);
      c20 = b0.fma(x, c20);
      c21 = b1.fma(x, c21);
      c22 = b2.fma(x, c22);
      x = FloatVector.broadcast(S, a[ao + 3]);
      c30 = b0.fma(x, c30);
      c31 = b1.fma(x, c31);
      c32 = b2.fma(x, c32);
    }
    c00.intoArray(c, cOff);
    c01.intoArray(c, cOff + L);
    c02.intoArray(c, cOff + 2 * L);
    c10.intoArray(c, cOff + ldc);
    c11.intoArray(c, cOff + ldc + L);
    c12.intoArray(c, cOff + ldc + 2 * L);
    c20.intoArray(c, cOff + 2 * ldc);
    c21.intoArray(c, cOff + 2 * ldc + L);
    c22.intoArray(c, cOff + 2 * ldc + 2 * L);
    c30.intoArray(c, cOff + 3 * ldc);
    c31.intoArray(c, cOff + 3 * ldc + L);
    c32.intoArray(c, cOff + 3 * ldc + 2 * L);
  }

  /** C[valid mr×nr] = (load ? C : 0) + tmp. */
  private static void addTile(float[] tmp, int mr, int nr, float[] c, int cOff, int ldc,
      boolean load) {
    for (int ii = 0; ii < mr; ii++) {
      int co = cOff + ii * ldc;
      int to = ii * NR;
      if (load) {
        for (int jj = 0; jj < nr; jj++) {
          c[co + jj] += tmp[to + jj];
        }
      } else {
        System.arraycopy(tmp, to, c, co, nr);
      }
    }
  }

  /** Dot-product loops for tiny products, where packing costs more than it saves. */
  private static void smallGemm(int m, int n, int k, float[] a, int ars, int acs, float[] b,
      int brs, int bcs, float[] c, boolean accumulate) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float s = 0f;
        int ao = i * ars;
        int bo = j * bcs;
        for (int p = 0; p < k; p++) {
          s = Math.fma(a[ao + p * acs], b[bo + p * brs], s);
        }
        c[i * n + j] = accumulate ? c[i * n + j] + s : s;
      }
    }
  }

  /** Split-K pays for long reductions into a small C (the weight-gradient shape). */
  static boolean useSplitK(int m, int n, int k) {
    return m > 0 && n > 0 && k >= 4096 && (long) m * n <= (1 << 20)
        && k >= 8L * Math.max(m, n);
  }

  /** Number of K-ranges: a function of the shape only, so results do not depend on threads. */
  static int splitKRanges(int m, int n, int k) {
    int byK = Math.max(1, k / 4096);
    int byMemory = (int) Math.max(1, (1L << 23) / ((long) m * n));
    return Math.min(32, Math.min(byK, byMemory));
  }

  /** C (m×n) = Aᵀ·B (+C), A: k×m, B: k×n, by split-K over unpacked operands. */
  private static void splitKTransA(int m, int n, int k, float[] a, float[] b, float[] c,
      boolean accumulate) {
    int ranges = splitKRanges(m, n, k);
    int mn = m * n;
    float[] partial = scratch(SLOT_PARTIAL, ranges * mn);
    int nPad = (n + NR - 1) / NR * NR;
    boolean padB = nPad != n;
    Parallel.forEachChunk(ranges, r -> {
      int from = (int) ((long) k * r / ranges);
      int to = (int) ((long) k * (r + 1) / ranges);
      int pOff = r * mn;
      float[] tmp = scratch(SLOT_TILE, MR * NR);
      float[] apad = scratch(SLOT_A_EDGE, KC * MR);
      // Edge tiles read zero-padded copies instead of masked vectors (masked loads are slow):
      // B's KC-block once per block when n is not a multiple of NR, A's micro-panel at the m edge.
      float[] bpad = padB ? scratch(SLOT_B_EDGE, KC * nPad) : null;
      for (int p0 = from; p0 < to; p0 += KC) {
        int kc = Math.min(KC, to - p0);
        float[] bSrc = b;
        int bBase = p0 * n;
        int bStep = n;
        if (padB) {
          for (int p = 0; p < kc; p++) {
            System.arraycopy(b, (p0 + p) * n, bpad, p * nPad, n);
          }
          bSrc = bpad;
          bBase = 0;
          bStep = nPad;
        }
        for (int i = 0; i < m; i += MR) {
          int mr = Math.min(MR, m - i);
          float[] aSrc = a;
          int aBase = p0 * m + i;
          int aStep = m;
          if (mr < MR) {
            Arrays.fill(apad, 0f);
            for (int p = 0; p < kc; p++) {
              System.arraycopy(a, (p0 + p) * m + i, apad, p * MR, mr);
            }
            aSrc = apad;
            aBase = 0;
            aStep = MR;
          }
          for (int j = 0; j < n; j += NR) {
            int nr = Math.min(NR, n - j);
            if (mr == MR && nr == NR) {
              microKernel(aSrc, aBase, aStep, bSrc, bBase + j, bStep, kc, partial,
                  pOff + i * n + j, n, true);
            } else {
              if (nr <= 3 * L) {
                microKernel3(aSrc, aBase, aStep, bSrc, bBase + j, bStep, kc, tmp, 0, NR);
              } else {
                microKernel(aSrc, aBase, aStep, bSrc, bBase + j, bStep, kc, tmp, 0, NR, false);
              }
              addTile(tmp, mr, nr, partial, pOff + i * n + j, n, true);
            }
          }
        }
      }
    });
    // Combine in range order: C = ((C or 0) + P0) + P1 + ...
    int chunks = Math.max(1, Math.min(m, (int) ((long) mn * ranges / RANGE_ELEMS)));
    Parallel.forRanges(m, chunks, (ch, from, to) -> {
      for (int i = from; i < to; i++) {
        int o = i * n;
        int j = 0;
        for (; j <= n - L; j += L) {
          FloatVector s = accumulate ? FloatVector.fromArray(S, c, o + j) : FloatVector.zero(S);
          for (int r = 0; r < ranges; r++) {
            s = s.add(FloatVector.fromArray(S, partial, r * mn + o + j));
          }
          s.intoArray(c, o + j);
        }
        for (; j < n; j++) {
          float s = accumulate ? c[o + j] : 0f;
          for (int r = 0; r < ranges; r++) {
            s += partial[r * mn + o + j];
          }
          c[o + j] = s;
        }
      }
    });
  }
}
