package io.github.ibmb4j.batching.baseline;

import io.github.ibmb4j.batching.BatchTopology;
import java.util.Arrays;

/**
 * Builds a sampled {@link BatchTopology.Block} row by row from entries (local column, graph entry)
 * added in any column order; each finished row is sorted by column (insertion sort: sampled rows are
 * short). Amortised O(nnz · row length). Not thread-safe (one per batch under construction).
 */
final class CsrBuilder {
  private int[] rowPtr = new int[17];
  private int[] cols = new int[64];
  private int[] entries = new int[64];
  private int rows;
  private int nnz;

  /** Appends an entry to the current row: local column {@code col}, graph entry {@code entry}. */
  void add(int col, int entry) {
    if (nnz == cols.length) {
      cols = Arrays.copyOf(cols, 2 * nnz);
      entries = Arrays.copyOf(entries, 2 * nnz);
    }
    cols[nnz] = col;
    entries[nnz] = entry;
    nnz++;
  }

  /** Ends the current row (sorting its entries by column). */
  void endRow() {
    int from = rowPtr[rows];
    for (int i = from + 1; i < nnz; i++) {
      int c = cols[i];
      int v = entries[i];
      int j = i - 1;
      while (j >= from && cols[j] > c) {
        cols[j + 1] = cols[j];
        entries[j + 1] = entries[j];
        j--;
      }
      cols[j + 1] = c;
      entries[j + 1] = v;
    }
    rows++;
    if (rows + 1 == rowPtr.length) {
      rowPtr = Arrays.copyOf(rowPtr, 2 * rowPtr.length);
    }
    rowPtr[rows] = nnz;
  }

  /** Ends empty rows until there are {@code n} rows. */
  void padRows(int n) {
    while (rows < n) {
      endRow();
    }
  }

  int rows() {
    return rows;
  }

  BatchTopology.Block build(int numCols) {
    return new BatchTopology.Block(rows, numCols, Arrays.copyOf(rowPtr, rows + 1),
        Arrays.copyOf(cols, nnz), Arrays.copyOf(entries, nnz));
  }
}
