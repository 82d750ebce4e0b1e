package io.github.ibmb4j.tensor.internal;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Matrix;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link KernelSupport} on the Java Vector API ({@code jdk.incubator.vector}), multi-threaded through
 * {@link Parallel}; equal to {@link ScalarKernelSupport} up to float reordering (FMA, lane-wise
 * partial sums).
 *
 * <p>Algorithms (measured on 2-vCPU Zen 4 in {@code docs/bench-kernels.md}):
 * <ul>
 *   <li>GEMM (A·B, Aᵀ·B, A·Bᵀ): GotoBLAS-style. All of op(B) is packed into NR-wide panels per KC-deep
 *       block; 2-D tiles of MC rows × NC columns of C are claimed from an {@link AtomicInteger}; each
 *       thread packs its A block into MR-row micro-panels and a register-tiled MR×NR micro-kernel
 *       (MR = 4, NR = 4 vectors, 16 accumulators) does broadcast-FMA. Transposed operands only change
 *       the strides the packing routines read with. O(m·n·k) time, O(k·n) extra memory.
 *   <li>Aᵀ·B with a long reduction axis (the weight gradient Xᵀ·dY, k ≫ m, n): split-K without
 *       packing. k is cut into a number of ranges that depends only on the shape; each range writes
 *       a private m×n partial with the same micro-kernel reading A and B in place; partials are
 *       summed in range order. O(ranges·m·n) extra memory.
 *   <li>CSR SpMM: rows cut into chunks of equal (nnz + rows); per row, 4 vector accumulators
 *       (4·L output floats) are carried across all of the row's entries and stored once.
 *   <li>Element-wise and row-wise operations: vector loops, split into fixed row/element ranges.
 * </ul>
 *
 * <p>Determinism: every output element is computed by exactly one task with a reduction order fixed
 * by the shapes alone (tile, range and chunk geometry never depend on the thread count), so results
 * are bit-identical for any {@link Parallel#threads()}. Column reductions (column sums, dγ, dβ, split-K)
 * reduce per fixed row range and combine the partials in range order.
 *
 * <p>Thread-safety: stateless; concurrent calls are safe if their outputs do not overlap.
 */
public final class PanamaKernelSupport implements KernelSupport {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static final int L = S.length();
  /** 8 float lanes: the GAT edge softmax for a multiple of 8 heads runs unmasked on it. */
  static final VectorSpecies<Float> S8 = FloatVector.SPECIES_256;
  /** 4 float lanes: the GAT edge softmax for a multiple of 4 heads (e.g. 4, 12) runs unmasked on it. */
  static final VectorSpecies<Float> S4 = FloatVector.SPECIES_128;
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
  /** Below this many elements element-wise work stays on the caller thread. */
  static final int PAR_ELEMS = 1 << 16;
  /** Elements per parallel range for element-wise and row-wise work. */
  static final int RANGE_ELEMS = 1 << 15;

  /**
   * Creates the kernels.
   *
   * @throws UnsupportedOperationException if the preferred species has fewer than 8 float lanes,
   *     where the Vector API would be slower than scalar code
   */
  public PanamaKernelSupport() {
    if (L < 8) {
      throw new UnsupportedOperationException("the preferred float vector species has " + L
          + " lanes (" + S.vectorBitSize() + " bits), expected at least 8 (AVX2 or AVX-512)");
    }
  }

  @Override
  public String name() {
    return "panama-" + S.vectorBitSize();
  }

  // ---------------------------------------------------------------------------------------------
  // GEMM

  @Override
  public void matmul(Matrix a, Matrix b, Matrix c, boolean accumulate) {
    int k = a.cols();
    int n = b.cols();
    gemm(a.rows(), n, k, a.data(), k, 1, b.data(), n, 1, c.data(), accumulate);
  }

  @Override
  public void matmulTransA(Matrix a, Matrix b, Matrix c, boolean accumulate) {
    int k = a.rows();
    int m = a.cols();
    int n = b.cols();
    if (useSplitK(m, n, k)) {
      splitKTransA(m, n, k, a.data(), b.data(), c.data(), accumulate);
    } else {
      gemm(m, n, k, a.data(), 1, m, b.data(), n, 1, c.data(), accumulate);
    }
  }

  @Override
  public void matmulTransB(Matrix a, Matrix b, Matrix c, boolean accumulate) {
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

  // ---------------------------------------------------------------------------------------------
  // Sparse

  @Override
  public void spmm(CsrMatrix a, int rows, Matrix x, Matrix out, boolean accumulate) {
    int f = x.cols();
    if (rows == 0 || f == 0) {
      return;
    }
    int[] ptr = a.rowPtr();
    int[] idx = a.colIdx();
    float[] val = a.values();
    float[] X = x.data();
    float[] O = out.data();
    long cost = (long) ptr[rows] + rows;
    int chunks = (int) Math.max(1, Math.min(Math.min(128, rows), cost * f / RANGE_ELEMS));
    int[] bounds = equalCostRowBounds(ptr, rows, chunks);
    Parallel.forEachChunk(chunks, ch -> {
      for (int r = bounds[ch]; r < bounds[ch + 1]; r++) {
        spmmRow(ptr[r], ptr[r + 1], idx, val, X, f, O, r * f, accumulate);
      }
    });
  }

  /**
   * Chunk boundaries over rows [0, rows) such that each chunk holds about the same nnz + rows (a row
   * costs its entries plus one store). Depends only on the matrix and the chunk count.
   */
  static int[] equalCostRowBounds(int[] ptr, int rows, int chunks) {
    int[] bounds = new int[chunks + 1];
    long total = (long) ptr[rows] + rows;
    for (int ch = 1; ch < chunks; ch++) {
      long target = total * ch / chunks;
      int lo = bounds[ch - 1];
      int hi = rows;
      while (lo < hi) { // first r with ptr[r] + r >= target
        int mid = (lo + hi) >>> 1;
        if ((long) ptr[mid] + mid < target) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      bounds[ch] = lo;
    }
    bounds[chunks] = rows;
    return bounds;
  }

  /** One output row: 4 accumulators carried across all entries per 4·L columns, then tails. */
  private static void spmmRow(int s, int e, int[] idx, float[] val, float[] X, int f, float[] O,
      int o, boolean accumulate) {
    int j = 0;
    for (; j <= f - 4 * L; j += 4 * L) {
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
        FloatVector w = FloatVector.broadcast(S, val[q]);
        int xo = idx[q] * f + j;
        a0 = FloatVector.fromArray(S, X, xo).fma(w, a0);
        a1 = FloatVector.fromArray(S, X, xo + L).fma(w, a1);
        a2 = FloatVector.fromArray(S, X, xo + 2 * L).fma(w, a2);
        a3 = FloatVector.fromArray(S, X, xo + 3 * L).fma(w, a3);
      }
      a0.intoArray(O, o + j);
      a1.intoArray(O, o + j + L);
      a2.intoArray(O, o + j + 2 * L);
      a3.intoArray(O, o + j + 3 * L);
    }
    for (; j <= f - L; j += L) {
      FloatVector a0 = accumulate ? FloatVector.fromArray(S, O, o + j) : FloatVector.zero(S);
      for (int q = s; q < e; q++) {
        a0 = FloatVector.fromArray(S, X, idx[q] * f + j).fma(FloatVector.broadcast(S, val[q]), a0);
      }
      a0.intoArray(O, o + j);
    }
    if (L > 8 && j <= f - 8) { // an 8-lane step before the scalar tail (e.g. F = 40 classes)
      FloatVector a0 = accumulate ? FloatVector.fromArray(S8, O, o + j) : FloatVector.zero(S8);
      for (int q = s; q < e; q++) {
        a0 = FloatVector.fromArray(S8, X, idx[q] * f + j).fma(FloatVector.broadcast(S8, val[q]), a0);
      }
      a0.intoArray(O, o + j);
      j += 8;
    }
    for (; j < f; j++) {
      float acc = accumulate ? O[o + j] : 0f;
      for (int q = s; q < e; q++) {
        acc = Math.fma(val[q], X[idx[q] * f + j], acc);
      }
      O[o + j] = acc;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Element-wise and row-wise

  /** A contiguous range [from, to) of elements or rows. */
  private interface Range {
    void run(int from, int to);
  }

  /** Runs body over [0, n) in fixed ranges of about {@code unit} cost each (n·unit total). */
  private static void ranges(int n, int unit, Range body) {
    long total = (long) n * Math.max(1, unit);
    if (total < PAR_ELEMS || Parallel.threads() == 1) {
      body.run(0, n);
      return;
    }
    int chunks = (int) Math.min(n, Math.min(1024, total / RANGE_ELEMS));
    Parallel.forRanges(n, chunks, (ch, from, to) -> body.run(from, to));
  }

  @Override
  public void addRowVector(Matrix x, float[] v) {
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

  @Override
  public void columnSums(Matrix x, float[] out, boolean accumulate) {
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

  @Override
  public void relu(Matrix x, Matrix out) {
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

  @Override
  public void reluBackward(Matrix out, Matrix grad) {
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

  @Override
  public void dropoutReluBackward(Matrix out, Matrix grad, float keep) {
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

  @Override
  public void elu(Matrix x, Matrix out, float alpha) {
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

  @Override
  public void eluBackward(Matrix out, Matrix grad, float alpha) {
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

  @Override
  public void layerNorm(Matrix x, float[] gamma, float[] beta, float eps, Matrix out, float[] mean,
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

  @Override
  public void layerNormBackward(Matrix x, Matrix dy, float[] gamma, float[] mean, float[] rstd,
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

  @Override
  public void logSoftmaxRows(Matrix x, Matrix out) {
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

  @Override
  public void axpy(int n, float a, float[] x, int xOff, float[] y, int yOff) {
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

  @Override
  public void dropout(long seed, double p, float keep, float[] in, float[] out, float[] mask,
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

  @Override
  public void multiply(int n, float[] x, float[] mask) {
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

  // ---------------------------------------------------------------------------------------------
  // GAT

  /** Row chunks of equal (nnz + rows) for the GAT kernels, with work ∝ (nnz + rows)·perEntry. */
  private static int[] gatChunks(int[] ptr, int rows, long perEntry) {
    long cost = ((long) ptr[rows] + rows) * Math.max(1, perEntry);
    int chunks = (int) Math.max(1, Math.min(Math.min(128, rows), cost / RANGE_ELEMS));
    return equalCostRowBounds(ptr, rows, chunks);
  }

  private static void forRowChunks(int[] bounds, Range body) {
    Parallel.forEachChunk(bounds.length - 1, ch -> body.run(bounds[ch], bounds[ch + 1]));
  }

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

  @Override
  public void gatEdgeSoftmax(CsrMatrix a, int rows, float[] srcScore, float[] dstScore, int heads,
      float negativeSlope, float[] alpha) {
    int[] ptr = a.rowPtr();
    int[] idx = a.colIdx();
    // Masked contiguous loads and stores are slow in the Vector API (not intrinsified on AVX2), so
    // head counts that are a multiple of 8 or 4 run in unmasked 8- or 4-lane blocks.
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
    forRowChunks(gatChunks(ptr, rows, 8L * heads), (from, to) -> {
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
    forRowChunks(gatChunks(ptr, rows, 8L * heads), (from, to) -> {
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
    forRowChunks(gatChunks(ptr, rows, 4L * heads), (from, to) -> {
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
    forRowChunks(gatChunks(ptr, rows, 8L * heads), (from, to) -> {
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
    forRowChunks(gatChunks(ptr, rows, 4L * heads), (from, to) -> {
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

  @Override
  public void gatAggregate(CsrMatrix a, int rows, float[] alpha, int heads, Matrix x, Matrix out,
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
    forRowChunks(gatChunks(ptr, rows, f), (from, to) -> {
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

  @Override
  public void gatAttentionGrad(CsrMatrix a, int rows, Matrix dOut, int heads, Matrix x,
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
    forRowChunks(gatChunks(ptr, rows, Math.max(1, f)), (from, to) -> {
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

  @Override
  public void gatEdgeSoftmaxBackward(CsrMatrix a, int rows, float[] srcScore, float[] dstScore,
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
    forRowChunks(gatChunks(ptr, rows, 4L * heads), (from, to) -> {
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

  /** Slots of the per-thread scratch buffers (one array per slot and thread, grown on demand). */
  private static final int SLOT_A_PACK = 0;
  private static final int SLOT_TILE = 1;
  private static final int SLOT_B_PACK = 2;
  private static final int SLOT_PARTIAL = 3;
  private static final int SLOT_PARTIAL_2 = 4;
  private static final int SLOT_A_EDGE = 5;
  private static final int SLOT_B_EDGE = 6;
  private static final ThreadLocal<float[]> LANE_BUFFER = ThreadLocal.withInitial(() -> new float[L]);
  private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[7][]);

  /**
   * A zeroed per-thread scratch region of at least {@code size} floats. Kernels run many times per
   * epoch on recurring shapes; reusing packing buffers and partial sums keeps them allocation-free in
   * steady state. A slot is used by one kernel call at a time on its thread (kernels do not nest).
   */
  private static float[] scratch(int slot, int size) {
    float[][] s = SCRATCH.get();
    float[] a = s[slot];
    if (a == null || a.length < size) {
      a = new float[size];
      s[slot] = a;
    } else {
      Arrays.fill(a, 0, size, 0f);
    }
    return a;
  }
}
