package io.github.ibmb4j.tensor.internal;

import io.github.ibmb4j.concurrent.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * What the Panama kernel families ({@link PanamaGemm}, {@link PanamaSparse}, {@link PanamaGat},
 * {@link PanamaRowwise}) share: the vector species, the splitting of work into tasks whose geometry
 * depends only on the shapes (never on the thread count, which is what keeps results bit-identical
 * for any {@link Parallel#threads()}), and per-thread scratch buffers.
 */
final class PanamaCommon {
  private PanamaCommon() {}

  /** The preferred species: 16 float lanes on AVX-512, 8 on AVX2. */
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static final int L = S.length();
  /** 8 float lanes, for 8-wide tails and blocks on AVX-512. */
  static final VectorSpecies<Float> S8 = FloatVector.SPECIES_256;
  /** Below this many elements element-wise work stays on the caller thread. */
  static final int PAR_ELEMS = 1 << 16;
  /** Elements per parallel range for element-wise and row-wise work. */
  static final int RANGE_ELEMS = 1 << 15;

  /** A contiguous range [from, to) of elements or rows. */
  interface Range {
    void run(int from, int to);
  }

  /** Runs body over [0, n) in fixed ranges of about {@code unit} cost each (n·unit total). */
  static void ranges(int n, int unit, Range body) {
    long total = (long) n * Math.max(1, unit);
    if (total < PAR_ELEMS || Parallel.threads() == 1) {
      body.run(0, n);
      return;
    }
    int chunks = (int) Math.min(n, Math.min(1024, total / RANGE_ELEMS));
    Parallel.forRanges(n, chunks, (ch, from, to) -> body.run(from, to));
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

  /**
   * Chunks of rows [0, rows) of equal (nnz + rows), as many as the work (nnz + rows)·perEntry fills
   * ranges of {@link #RANGE_ELEMS}, at most 128 and at most rows.
   */
  static int[] rowChunks(int[] ptr, int rows, long perEntry) {
    long cost = ((long) ptr[rows] + rows) * Math.max(1, perEntry);
    int chunks = (int) Math.max(1, Math.min(Math.min(128, rows), cost / RANGE_ELEMS));
    return equalCostRowBounds(ptr, rows, chunks);
  }

  /** Runs body over every chunk [bounds[c], bounds[c + 1]) in parallel. */
  static void forRowChunks(int[] bounds, Range body) {
    Parallel.forEachChunk(bounds.length - 1, ch -> body.run(bounds[ch], bounds[ch + 1]));
  }

  /** Slots of the per-thread scratch buffers (one array per slot and thread, grown on demand). */
  static final int SLOT_A_PACK = 0;
  static final int SLOT_TILE = 1;
  static final int SLOT_B_PACK = 2;
  static final int SLOT_PARTIAL = 3;
  static final int SLOT_PARTIAL_2 = 4;
  static final int SLOT_A_EDGE = 5;
  static final int SLOT_B_EDGE = 6;
  private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[7][]);

  /**
   * A zeroed per-thread scratch region of at least {@code size} floats. Kernels run many times per
   * epoch on recurring shapes; reusing packing buffers and partial sums keeps them allocation-free in
   * steady state. A slot is used by one kernel call at a time on its thread (kernels do not nest).
   */
  static float[] scratch(int slot, int size) {
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
