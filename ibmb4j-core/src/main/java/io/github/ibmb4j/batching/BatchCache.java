package io.github.ibmb4j.batching;

import io.github.ibmb4j.files.AtomicFiles;
import io.github.ibmb4j.files.ContentDigest;
import io.github.ibmb4j.tensor.Batch;
import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Matrix;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Precomputed sub-graph batches on disk (§1.6 of docs/algorithm.md: prepare once, reuse every epoch), in a
 * compact, versioned, little-endian binary file per (dataset, options, format version) key.
 *
 * <p><b>Format</b> (version {@value #FORMAT_VERSION}): header = magic {@code "IBMB4JBC"}, int format
 * version, 32-byte key (SHA-256), int batch count, int feature dimension F; then per batch: ints
 * n, numOutputs, nnz, 0; int[n] global node ids (outputs first); int[n+1] row offsets; int[nnz]
 * local column ids; float[nnz] values; float[n·F] features (row-major); int[numOutputs] labels.
 * Trailer: long payload length and int CRC32C of every byte before the trailer.
 *
 * <p><b>Safety.</b> Files are written to a temporary name in the same directory, forced to disk and
 * atomically renamed, so a crash never leaves a half-written file under the final name. On reading,
 * the magic, version, key, every size (against the file length) and the checksum are checked; a
 * corrupt, truncated or stale file raises {@link CorruptCacheException}, and {@link #getOrBuild} logs
 * it, deletes it and rebuilds — it is never silently used. Batches are only handed out after the
 * checksum over the whole file has been verified.
 *
 * <p><b>I/O.</b> Reading is one sequential pass through a 4 MiB direct buffer (FileChannel), bulk
 * copies into the primitive arrays. Only sub-graph batches without loss weights (IBMB, Cluster-GCN,
 * random grouping) are supported. Thread-safe as long as two processes do not build the same key at
 * once (the last rename wins; both files are complete).
 */
public final class BatchCache {
  /** Format version; bump on any layout change (old files then count as stale). */
  public static final int FORMAT_VERSION = 1;
  private static final byte[] MAGIC = "IBMB4JBC".getBytes(StandardCharsets.US_ASCII);
  private static final int BUFFER = 4 << 20;
  private static final int TRAILER = 12;
  private static final Logger LOG = LoggerFactory.getLogger(BatchCache.class);

  private final Path dir;

  /** A cache in directory {@code dir} (created on first write). */
  public BatchCache(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** A cached file that must not be used (corrupt, truncated, stale), with the reason. */
  public static final class CorruptCacheException extends IOException {
    private static final long serialVersionUID = 1L;

    public CorruptCacheException(String message) {
      super(message);
    }
  }

  /** The outcome of {@link #getOrBuild}. */
  public record Result(List<Batch> batches, boolean hit, String rebuiltBecause, double seconds) {}

  // ---------------------------------------------------------------------------------------------
  // keys

  /**
   * The cache key of a set of batches: SHA-256 of the dataset fingerprint, a canonical description of
   * everything else that determines them (method and options, split part and its output nodes,
   * normalisation, whether features are included) and the format version.
   */
  public static byte[] key(byte[] datasetFingerprint, String description, int[] outputNodes) {
    return new ContentDigest().bytes(datasetFingerprint)
        .bytes(description.getBytes(StandardCharsets.UTF_8)).putInt(FORMAT_VERSION)
        .putInts(outputNodes).digest();
  }

  /** The file holding {@code key}'s batches. */
  public Path file(byte[] key) {
    return dir.resolve(HexFormat.of().formatHex(key) + ".batches");
  }

  // ---------------------------------------------------------------------------------------------
  // get or build

  /**
   * Reads {@code key}'s batches if a valid file exists; otherwise (absent, corrupt, truncated, stale:
   * logged) builds them with {@code builder}, writes them and returns them.
   */
  public Result getOrBuild(byte[] key, Supplier<List<Batch>> builder) throws IOException {
    Path f = file(key);
    String reason = null;
    if (Files.isRegularFile(f)) {
      long t0 = System.nanoTime();
      try {
        List<Batch> b = read(f, key);
        return new Result(b, true, null, (System.nanoTime() - t0) / 1e9);
      } catch (CorruptCacheException e) {
        reason = e.getMessage();
        // callers report the reason (Result.rebuiltBecause) through their progress, which -q silences
        LOG.debug("batch cache {} is unusable ({}); rebuilding", f, reason);
        Files.deleteIfExists(f);
      }
    }
    List<Batch> built = builder.get();
    long t0 = System.nanoTime();
    write(f, key, built);
    return new Result(built, false, reason, (System.nanoTime() - t0) / 1e9);
  }

  // ---------------------------------------------------------------------------------------------
  // writing

  /** Writes {@code batches} under {@code key} to {@code file} (temp file, fsync, atomic rename). */
  public static void write(Path file, byte[] key, List<Batch> batches) throws IOException {
    if (key.length != 32) {
      throw new IllegalArgumentException("cache key has " + key.length + " bytes, expected 32");
    }
    int f = batches.isEmpty() ? 0 : batches.get(0).features().cols();
    for (Batch b : batches) {
      if (!b.isSubgraph() || b.lossWeights() != null) {
        throw new IllegalArgumentException("the batch cache stores sub-graph batches without loss "
            + "weights only, got " + b);
      }
      if (b.features().cols() != f) {
        throw new IllegalArgumentException("batches have feature dimensions " + f + " and "
            + b.features().cols() + ", expected one");
      }
    }
    int featureDim = f;
    AtomicFiles.writeChannel(file, ch -> {
      Out out = new Out(ch);
      out.bytes(MAGIC);
      out.putInt(FORMAT_VERSION);
      out.bytes(key);
      out.putInt(batches.size());
      out.putInt(featureDim);
      for (Batch b : batches) {
        CsrMatrix a = b.adjacency(0, 1);
        out.putInt(b.numNodes());
        out.putInt(b.numOutputs());
        out.putInt(a.nnz());
        out.putInt(0);
        out.ints(b.nodes());
        out.ints(a.rowPtr());
        out.ints(a.colIdx());
        out.floats(a.values());
        out.floats(b.features().data());
        out.ints(b.labels());
      }
      out.finish();
    });
  }

  /** Buffered little-endian writer that checksums everything it writes. */
  private static final class Out {
    final FileChannel ch;
    final ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
    final CRC32C crc = new CRC32C();
    long length;

    Out(FileChannel ch) {
      this.ch = ch;
    }

    void flush() throws IOException {
      buf.flip();
      crc.update(buf.duplicate());
      length += buf.remaining();
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      buf.clear();
    }

    void ensure(int n) throws IOException {
      if (buf.remaining() < n) {
        flush();
      }
    }

    void putInt(int v) throws IOException {
      ensure(4);
      buf.putInt(v);
    }

    void bytes(byte[] a) throws IOException {
      ensure(a.length);
      buf.put(a);
    }

    void ints(int[] a) throws IOException {
      int off = 0;
      while (off < a.length) {
        ensure(4);
        int n = Math.min(a.length - off, buf.remaining() / 4);
        buf.asIntBuffer().put(a, off, n);
        buf.position(buf.position() + 4 * n);
        off += n;
      }
    }

    void floats(float[] a) throws IOException {
      int off = 0;
      while (off < a.length) {
        ensure(4);
        int n = Math.min(a.length - off, buf.remaining() / 4);
        buf.asFloatBuffer().put(a, off, n);
        buf.position(buf.position() + 4 * n);
        off += n;
      }
    }

    void finish() throws IOException {
      flush();
      ByteBuffer t = ByteBuffer.allocate(TRAILER).order(ByteOrder.LITTLE_ENDIAN);
      t.putLong(length);
      t.putInt((int) crc.getValue());
      t.flip();
      while (t.hasRemaining()) {
        ch.write(t);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // reading

  /**
   * Reads and verifies {@code file}; {@code expectedKey} null skips the key check.
   *
   * @throws CorruptCacheException if the file is truncated, corrupt, of another format version or
   *     another key
   */
  public static List<Batch> read(Path file, byte[] expectedKey) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < MAGIC.length + 4 + 32 + 8 + TRAILER) {
        throw new CorruptCacheException("file is truncated (" + size + " bytes)");
      }
      In in = new In(ch, size - TRAILER);
      byte[] magic = in.bytes(MAGIC.length);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new CorruptCacheException("bad magic, not a batch cache file");
      }
      int version = in.getInt();
      if (version != FORMAT_VERSION) {
        throw new CorruptCacheException("stale format version " + version + ", expected " + FORMAT_VERSION);
      }
      byte[] key = in.bytes(32);
      if (expectedKey != null && !Arrays.equals(key, expectedKey)) {
        throw new CorruptCacheException("stale: the file's key does not match the requested key");
      }
      int count = in.getInt();
      int f = in.getInt();
      if (count < 0 || f < 0) {
        throw new CorruptCacheException("negative batch count " + count + " or feature dim " + f);
      }
      List<Batch> out = new ArrayList<>(Math.min(count, 1 << 16));
      for (int b = 0; b < count; b++) {
        int n = in.getInt();
        int no = in.getInt();
        int nnz = in.getInt();
        in.getInt();
        long need = 4L * (n + (n + 1L) + nnz + nnz + (long) n * f + no);
        if (n < 0 || no < 0 || no > n || nnz < 0 || need > in.remainingInFile()) {
          throw new CorruptCacheException("batch " + b + " header is inconsistent or the file is "
              + "truncated (n=" + n + ", outputs=" + no + ", nnz=" + nnz + ")");
        }
        int[] nodes = in.ints(n);
        int[] ptr = in.ints(n + 1);
        int[] col = in.ints(nnz);
        float[] val = in.floats(nnz);
        float[] x = in.floats((int) ((long) n * f));
        int[] y = in.ints(no);
        if (ptr[0] != 0 || ptr[n] != nnz) {
          throw new CorruptCacheException("batch " + b + " has inconsistent row offsets");
        }
        out.add(new Batch(nodes, no, new Matrix(n, f, x), y,
            new CsrMatrix[] {new CsrMatrix(n, n, ptr, col, val)}, null));
      }
      if (in.remainingInFile() != 0) {
        throw new CorruptCacheException(in.remainingInFile() + " unexpected bytes after the batches");
      }
      long crc = in.crc.getValue();
      ByteBuffer t = ByteBuffer.allocate(TRAILER).order(ByteOrder.LITTLE_ENDIAN);
      while (t.hasRemaining()) {
        if (ch.read(t, size - TRAILER + t.position()) < 0) {
          throw new CorruptCacheException("file is truncated in the trailer");
        }
      }
      t.flip();
      long length = t.getLong();
      int stored = t.getInt();
      if (length != size - TRAILER || stored != (int) crc) {
        throw new CorruptCacheException("checksum mismatch (file corrupt)");
      }
      return out;
    } catch (IllegalArgumentException e) {
      // a structurally invalid batch decoded from bytes that passed the size checks
      throw new CorruptCacheException("invalid batch data: " + e.getMessage());
    }
  }

  /** Sequential little-endian reader over [0, dataEnd) of a channel, checksumming what it reads. */
  private static final class In {
    final FileChannel ch;
    final long dataEnd;
    final ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
    final CRC32C crc = new CRC32C();
    long filePos;

    In(FileChannel ch, long dataEnd) {
      this.ch = ch;
      this.dataEnd = dataEnd;
      buf.limit(0);
    }

    long remainingInFile() {
      return dataEnd - filePos + buf.remaining();
    }

    /** Makes at least {@code n} (≤ BUFFER) bytes available. */
    void need(int n) throws IOException {
      if (buf.remaining() >= n) {
        return;
      }
      buf.compact();
      while (buf.position() < n) {
        long left = dataEnd - filePos;
        if (left <= 0) {
          throw new CorruptCacheException("file is truncated");
        }
        int start = buf.position();
        ByteBuffer view = buf.duplicate();
        view.limit((int) Math.min(buf.capacity(), start + left));
        int r = ch.read(view, filePos);
        if (r < 0) {
          throw new CorruptCacheException("file is truncated");
        }
        ByteBuffer fresh = buf.duplicate();
        fresh.position(start).limit(start + r);
        crc.update(fresh);
        filePos += r;
        buf.position(start + r);
      }
      buf.flip();
    }

    int getInt() throws IOException {
      need(4);
      return buf.getInt();
    }

    byte[] bytes(int n) throws IOException {
      need(n);
      byte[] a = new byte[n];
      buf.get(a);
      return a;
    }

    int[] ints(int n) throws IOException {
      int[] a = new int[n];
      int off = 0;
      while (off < n) {
        need(4);
        int k = Math.min(n - off, buf.remaining() / 4);
        buf.asIntBuffer().get(a, off, k);
        buf.position(buf.position() + 4 * k);
        off += k;
      }
      return a;
    }

    float[] floats(int n) throws IOException {
      float[] a = new float[n];
      int off = 0;
      while (off < n) {
        need(4);
        int k = Math.min(n - off, buf.remaining() / 4);
        buf.asFloatBuffer().get(a, off, k);
        buf.position(buf.position() + 4 * k);
        off += k;
      }
      return a;
    }
  }
}
