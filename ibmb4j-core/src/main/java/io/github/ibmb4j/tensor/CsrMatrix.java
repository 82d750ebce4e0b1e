package io.github.ibmb4j.tensor;

import java.util.Arrays;

/**
 * A sparse float matrix in CSR form with int offsets (batch adjacencies and sparse features; whole
 * graphs use {@code graph.CsrGraph}): row r holds columns {@code colIdx[rowPtr[r] .. rowPtr[r+1])}
 * with values {@code values[...]}. Column ids are sorted within each row. Arrays are exposed for
 * kernels and must not be modified after construction.
 *
 * @param rows number of rows
 * @param cols number of columns
 * @param rowPtr row offsets, length rows + 1
 * @param colIdx column ids
 * @param values values aligned with {@code colIdx}
 */
public record CsrMatrix(int rows, int cols, int[] rowPtr, int[] colIdx, float[] values) {

  public CsrMatrix {
    if (rowPtr.length != rows + 1) {
      throw new IllegalArgumentException(
          "CSR row pointer has length " + rowPtr.length + ", expected rows + 1 = " + (rows + 1));
    }
    if (rowPtr[0] != 0 || rowPtr[rows] != colIdx.length || colIdx.length != values.length) {
      throw new IllegalArgumentException("inconsistent CSR arrays: rowPtr[0]=" + rowPtr[0]
          + ", rowPtr[rows]=" + rowPtr[rows] + ", " + colIdx.length + " column ids, "
          + values.length + " values");
    }
  }

  /** Validates monotone offsets, column range and sorted rows; O(nnz). */
  public CsrMatrix validated() {
    for (int r = 0; r < rows; r++) {
      if (rowPtr[r + 1] < rowPtr[r]) {
        throw new IllegalArgumentException("CSR row pointer decreases at row " + r + ": "
            + rowPtr[r] + " > " + rowPtr[r + 1]);
      }
      int prev = -1;
      for (int i = rowPtr[r]; i < rowPtr[r + 1]; i++) {
        int c = colIdx[i];
        if (c < 0 || c >= cols) {
          throw new IllegalArgumentException(
              "column id " + c + " in row " + r + " is out of range [0, " + cols + ")");
        }
        if (c <= prev) {
          throw new IllegalArgumentException(
              "column ids of row " + r + " are not strictly increasing (" + prev + " then " + c + ")");
        }
        prev = c;
      }
    }
    return this;
  }

  /** Number of stored entries. */
  public int nnz() {
    return colIdx.length;
  }

  /** The transpose (cols × rows), built by a counting sort; O(rows + cols + nnz). */
  public CsrMatrix transpose() {
    return transposeRows(rows, values, null);
  }

  /**
   * The transpose of rows [0, n): a cols × n matrix whose row j lists, in increasing order, the rows
   * i &lt; n with an entry (i, j). The library's one counting-sort transpose (whole matrices, row
   * prefixes for the backward pass of a batch's output rows, GAT's per-edge order); O(n + cols +
   * nnz of those rows).
   *
   * @param n number of leading rows to transpose, in [0, rows]
   * @param entryValues values aligned with {@link #colIdx} (this matrix's {@link #values}, or other
   *     weights on the same structure, e.g. mean aggregation); entry p of the transpose gets the
   *     value of the entry it came from
   * @param entryOrder null, or an array of length ≥ rowPtr[n] that receives, for every entry p of
   *     the transpose, the index of the same entry in this matrix's arrays (so per-edge arrays in this
   *     matrix's order can be gathered into the transpose's order)
   */
  public CsrMatrix transposeRows(int n, float[] entryValues, int[] entryOrder) {
    if (n < 0 || n > rows) {
      throw new IllegalArgumentException("transposeRows: " + n + " rows, expected 0.." + rows);
    }
    int nnz = rowPtr[n];
    int[] ptr = new int[cols + 1];
    for (int q = 0; q < nnz; q++) {
      ptr[colIdx[q] + 1]++;
    }
    for (int c = 0; c < cols; c++) {
      ptr[c + 1] += ptr[c];
    }
    int[] cursor = Arrays.copyOf(ptr, cols);
    int[] idx = new int[nnz];
    float[] val = new float[nnz];
    for (int r = 0; r < n; r++) {
      for (int q = rowPtr[r]; q < rowPtr[r + 1]; q++) {
        int p = cursor[colIdx[q]]++;
        idx[p] = r;
        val[p] = entryValues[q];
        if (entryOrder != null) {
          entryOrder[p] = q;
        }
      }
    }
    return new CsrMatrix(cols, n, ptr, idx, val);
  }

  /** A copy of the first {@code n} rows (this instance itself when n == rows). */
  public CsrMatrix topRows(int n) {
    if (n == rows) {
      return this;
    }
    int end = rowPtr[n];
    return new CsrMatrix(n, cols, Arrays.copyOf(rowPtr, n + 1), Arrays.copyOf(colIdx, end),
        Arrays.copyOf(values, end));
  }

  /** The dense equivalent (for tests and small inputs). */
  public Matrix toDense() {
    Matrix m = Matrix.zeros(rows, cols);
    for (int r = 0; r < rows; r++) {
      for (int i = rowPtr[r]; i < rowPtr[r + 1]; i++) {
        m.data()[r * cols + colIdx[i]] += values[i];
      }
    }
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CsrMatrix m && m.rows == rows && m.cols == cols
        && Arrays.equals(m.rowPtr, rowPtr) && Arrays.equals(m.colIdx, colIdx)
        && Arrays.equals(m.values, values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(rowPtr) * 31 + Arrays.hashCode(colIdx);
  }

  @Override
  public String toString() {
    return "CsrMatrix[" + rows + "x" + cols + ", nnz=" + nnz() + "]";
  }
}
