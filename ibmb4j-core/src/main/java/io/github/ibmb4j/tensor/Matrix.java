package io.github.ibmb4j.tensor;

import java.util.Arrays;

/**
 * A dense row-major float matrix: element (r, c) is {@code data[r * cols + c]}. Mutable and not
 * thread-safe; the array is exposed for kernels. Sizes are bounded by {@code rows * cols < 2^31}.
 *
 * <p>The backing array may be longer than {@code rows * cols} (a <em>view</em> over the front of a
 * grow-only buffer, so layers can serve batches of varying size without reallocating); elements past
 * {@link #size()} are not part of the matrix: kernels, {@link #equals}, {@link #hashCode} and
 * {@link #copy} look only at the first {@code rows * cols}.
 *
 * @param rows number of rows
 * @param cols number of columns
 * @param data at least {@code rows * cols} elements; the first {@code rows * cols} are the matrix,
 *     row-major
 */
public record Matrix(int rows, int cols, float[] data) {

  public Matrix {
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException("matrix shape " + rows + "x" + cols + " is negative");
    }
    if ((long) rows * cols > data.length) {
      throw new IllegalArgumentException("matrix shape " + rows + "x" + cols + " needs "
          + (long) rows * cols + " elements, got " + data.length);
    }
  }

  /** A zero matrix. */
  public static Matrix zeros(int rows, int cols) {
    long n = (long) rows * cols;
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("matrix " + rows + "x" + cols + " exceeds 2^31 elements");
    }
    return new Matrix(rows, cols, new float[(int) n]);
  }

  /** A rows × cols view over the front of {@code backing} (length ≥ rows·cols; not cleared). */
  public static Matrix view(float[] backing, int rows, int cols) {
    return new Matrix(rows, cols, backing);
  }

  /** Number of elements, {@code rows * cols} (the backing array may be longer). */
  public int size() {
    return rows * cols;
  }

  public float get(int r, int c) {
    return data[r * cols + c];
  }

  public void set(int r, int c, float v) {
    data[r * cols + c] = v;
  }

  /** Offset of row {@code r} in {@link #data()}. */
  public int rowOffset(int r) {
    return r * cols;
  }

  /** A copy of row {@code r}. */
  public float[] row(int r) {
    return Arrays.copyOfRange(data, r * cols, (r + 1) * cols);
  }

  /** A deep copy. */
  public Matrix copy() {
    return new Matrix(rows, cols, Arrays.copyOf(data, size()));
  }

  /** The rows listed in {@code index}, gathered into a new matrix. */
  public Matrix gatherRows(int[] index) {
    Matrix m = zeros(index.length, cols);
    for (int i = 0; i < index.length; i++) {
      System.arraycopy(data, index[i] * cols, m.data, i * cols, cols);
    }
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Matrix m && m.rows == rows && m.cols == cols
        && Arrays.equals(m.data, 0, m.size(), data, 0, size());
  }

  @Override
  public int hashCode() {
    int h = 31 * rows + cols;
    for (int i = 0, n = size(); i < n; i++) {
      h = 31 * h + Float.floatToIntBits(data[i]);
    }
    return h;
  }

  @Override
  public String toString() {
    return "Matrix[" + rows + "x" + cols + "]";
  }
}
