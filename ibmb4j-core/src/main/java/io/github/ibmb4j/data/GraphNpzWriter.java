package io.github.ibmb4j.data;

import io.github.ibmb4j.files.AtomicFiles;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.progress.ProgressListener;
import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Matrix;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a dataset in the shared {@code graph.npz} layout ({@code shared/datasets/README.md}) so that
 * other tools (the PyTorch peer) can read it: a new directory {@code dir} holding {@code graph.npz}
 * with int32 CSR adjacency, CSR features (dense features are written with every non-zero entry),
 * int32 labels and uint8 [S, N] masks. Written to a temporary directory, fsynced and renamed
 * atomically. O(N·F + E); deterministic; stateless.
 */
public final class GraphNpzWriter {
  private GraphNpzWriter() {}

  /** Writes {@code d} to the new directory {@code dir} as {@code dir/graph.npz}. */
  public static void write(Dataset d, Path dir, ProgressListener progress) throws IOException {
    AtomicFiles.createDirectory(dir, tmp -> {
      progress.start("write graph.npz", -1);
      try (OutputStream os = Files.newOutputStream(tmp.resolve("graph.npz"));
          ZipOutputStream z = new ZipOutputStream(new BufferedOutputStream(os, 1 << 16))) {
        z.setLevel(1);
        writeArrays(d, z);
      }
      progress.finish();
    });
  }

  private static void writeArrays(Dataset d, ZipOutputStream z) throws IOException {
    CsrGraph g = d.graph();
    int n = g.numNodes();
    int[] indptr = new int[n + 1];
    for (int i = 0; i <= n; i++) {
      indptr[i] = Math.toIntExact(g.offsets()[i]);
    }
    npy(z, "adj_indptr", "<i4", new long[] {n + 1}, indptr);
    npy(z, "adj_indices", "<i4", new long[] {g.targets().length}, g.targets());
    CsrMatrix x = switch (d.features()) {
      case Features.Sparse s -> s.matrix();
      case Features.Dense m -> toCsr(m.matrix());
      case Features.Mapped m -> toCsr(m.toHeap().matrix());
    };
    npy(z, "feat_indptr", "<i4", new long[] {n + 1}, x.rowPtr());
    npy(z, "feat_indices", "<i4", new long[] {x.nnz()}, x.colIdx());
    npy(z, "feat_data", "<f4", new long[] {x.nnz()}, x.values());
    npy(z, "feat_shape", "<i4", new long[] {2}, new int[] {n, x.cols()});
    npy(z, "labels", "<i4", new long[] {n}, d.labels());
    List<Split> splits = d.splits();
    if (!splits.isEmpty()) {
      String[] keys = {"train_mask", "val_mask", "test_mask"};
      for (int k = 0; k < 3; k++) {
        byte[] m = new byte[splits.size() * n];
        for (int s = 0; s < splits.size(); s++) {
          Split sp = splits.get(s);
          for (int v : k == 0 ? sp.train() : k == 1 ? sp.val() : sp.test()) {
            m[s * n + v] = 1;
          }
        }
        npy(z, keys[k], "|u1", new long[] {splits.size(), n}, m);
      }
    }
  }

  private static CsrMatrix toCsr(Matrix m) {
    int rows = m.rows();
    int cols = m.cols();
    float[] a = m.data();
    long nnz = 0;
    for (float v : a) {
      if (v != 0f) {
        nnz++;
      }
    }
    if (nnz > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(nnz + " non-zero features exceed the int32 CSR of graph.npz");
    }
    int[] ptr = new int[rows + 1];
    int[] idx = new int[(int) nnz];
    float[] val = new float[(int) nnz];
    int w = 0;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        float v = a[r * cols + c];
        if (v != 0f) {
          idx[w] = c;
          val[w++] = v;
        }
      }
      ptr[r + 1] = w;
    }
    return new CsrMatrix(rows, cols, ptr, idx, val);
  }

  /** Writes one NPY 1.0 entry (C order, little-endian). */
  static void npy(ZipOutputStream z, String name, String descr, long[] shape, Object data)
      throws IOException {
    z.putNextEntry(new ZipEntry(name + ".npy"));
    StringBuilder sh = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      sh.append(shape[i]).append(shape.length == 1 ? "," : i + 1 < shape.length ? ", " : "");
    }
    sh.append(")");
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + sh + ", }";
    int pre = 10 + dict.length() + 1;
    int pad = (64 - pre % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    ByteBuffer hb = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
    hb.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1)
        .put((byte) 0).putShort((short) header.length());
    z.write(hb.array());
    z.write(header.getBytes(StandardCharsets.US_ASCII));
    ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    switch (data) {
      case int[] a -> {
        for (int i = 0; i < a.length; ) {
          buf.clear();
          int len = Math.min(a.length - i, buf.capacity() / 4);
          buf.asIntBuffer().put(a, i, len);
          z.write(buf.array(), 0, len * 4);
          i += len;
        }
      }
      case float[] a -> {
        for (int i = 0; i < a.length; ) {
          buf.clear();
          int len = Math.min(a.length - i, buf.capacity() / 4);
          buf.asFloatBuffer().put(a, i, len);
          z.write(buf.array(), 0, len * 4);
          i += len;
        }
      }
      case byte[] a -> z.write(a);
      default -> throw new IllegalStateException("unsupported array " + data);
    }
    z.closeEntry();
  }
}
