package io.github.ibmb4j.data;

import io.github.ibmb4j.files.AtomicFiles;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.progress.ProgressListener;
import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Matrix;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The project's own dataset format: one directory holding {@value #FILE_NAME}, a little-endian file
 * with a versioned, checksummed header and 64-byte-aligned sections, designed to be memory-mapped.
 *
 * <p>Layout (all integers little-endian):
 * <pre>
 * 0    8  magic "IBMB4JDS"
 * 8    4  format version ({@value #VERSION})
 * 12   4  header length H (multiple of 64)
 * 16   8  total file length
 * 24   4  number of sections K
 * 28   4  number of nodes N
 * 32   4  number of classes C
 * 36   4  feature dimension F
 * 40   4  feature kind (0 dense f32 [N·F], 1 sparse CSR)
 * 44   4  number of split sets S
 * 48   4  CRC32C of bytes [0, H) with this field read as 0
 * 52  12  reserved (0)
 * 64  64  dataset name, UTF-8, zero padded
 * 128 64·K section table: name (24 bytes ASCII, zero padded), dtype (4: 1 i32, 2 i64, 3 f32,
 *          4 u8), reserved (4), element count (8), offset (8), byte length (8), CRC32C of the
 *          section's bytes (4), reserved (4)
 * H   ...  sections, each starting at a multiple of 64
 * </pre>
 * Sections: {@code adj_offsets} i64 [N+1], {@code adj_targets} i32, {@code labels} i32 [N], either
 * {@code feat_dense} f32 [N·F] or {@code feat_ptr} i64 [N+1] + {@code feat_idx} i32 + {@code feat_val}
 * f32, {@code split_ptr} i64 [3S+1] (train/val/test of each split set, in that order),
 * {@code split_nodes} i32, {@code split_names} u8 (UTF-8, one name per line).
 *
 * <p>Opening checks the header (magic, version, CRC, file length, every section's bounds, dtype and
 * count) in O(K), maps the file with {@link FileChannel#map(FileChannel.MapMode, long, long, Arena)}
 * and copies the sections into the arrays of a {@link Dataset} (O(size) memory copies, no parsing).
 * Section CRCs are verified only by {@link #verify} (a full read), so opening stays cheap; the CSR
 * structure is still validated when the graph is built. {@link #map} keeps the mapping open instead
 * (for features larger than the heap).
 *
 * <p>Writing goes through {@link AtomicFiles#createDirectory}: a temporary sibling directory, fsynced
 * and renamed atomically into place. A failed write leaves nothing at the output path.
 * Stateless and thread-safe.
 */
public final class BinaryDatasetFormat {
  /** Name of the data file inside a binary dataset directory. */
  public static final String FILE_NAME = "dataset.ibmb";
  /** Current format version. */
  public static final int VERSION = 1;

  static final byte[] MAGIC = "IBMB4JDS".getBytes(StandardCharsets.US_ASCII);
  static final int DT_I32 = 1;
  static final int DT_I64 = 2;
  static final int DT_F32 = 3;
  static final int DT_U8 = 4;
  private static final int ALIGN = 64;
  private static final int TABLE_START = 128;
  private static final int ENTRY = 64;
  private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(
      ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(
      ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(
      ByteOrder.LITTLE_ENDIAN);

  private BinaryDatasetFormat() {}

  /** Whether the first 8 bytes are this format's magic. */
  static boolean hasMagic(byte[] head) {
    for (int i = 0; i < MAGIC.length; i++) {
      if (head[i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  // ------------------------------------------------------------------------------------ writing

  private record Section(String name, int dtype, long count, Object array) {
    long bytes() {
      return count * itemSize(dtype);
    }
  }

  private static int itemSize(int dtype) {
    return switch (dtype) {
      case DT_I32, DT_F32 -> 4;
      case DT_I64 -> 8;
      case DT_U8 -> 1;
      default -> -1;
    };
  }

  /**
   * Writes {@code d} as a new binary dataset directory {@code dir} (which must not exist).
   *
   * @throws FileAlreadyExistsException if {@code dir} exists
   */
  public static void write(Dataset d, Path dir, ProgressListener progress) throws IOException {
    AtomicFiles.createDirectory(dir, tmp -> writeFile(d, tmp.resolve(FILE_NAME), progress));
  }

  private static Section denseSection(Features.Dense dense) {
    float[] x = dense.matrix().data();
    return new Section("feat_dense", DT_F32, x.length, x);
  }

  private static List<Section> sections(Dataset d) {
    List<Section> s = new ArrayList<>();
    CsrGraph g = d.graph();
    s.add(new Section("adj_offsets", DT_I64, g.offsets().length, g.offsets()));
    s.add(new Section("adj_targets", DT_I32, g.targets().length, g.targets()));
    s.add(new Section("labels", DT_I32, d.labels().length, d.labels()));
    switch (d.features()) {
      case Features.Dense dense -> s.add(denseSection(dense));
      case Features.Mapped mapped -> s.add(denseSection(mapped.toHeap()));
      case Features.Sparse sp -> {
        CsrMatrix m = sp.matrix();
        long[] ptr = new long[m.rowPtr().length];
        for (int i = 0; i < ptr.length; i++) {
          ptr[i] = m.rowPtr()[i];
        }
        s.add(new Section("feat_ptr", DT_I64, ptr.length, ptr));
        s.add(new Section("feat_idx", DT_I32, m.colIdx().length, m.colIdx()));
        s.add(new Section("feat_val", DT_F32, m.values().length, m.values()));
      }
    }
    List<Split> splits = d.splits();
    long[] sp = new long[3 * splits.size() + 1];
    int total = 0;
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < splits.size(); i++) {
      Split x = splits.get(i);
      for (int k = 0; k < 3; k++) {
        total += x.part(k == 0 ? "train" : k == 1 ? "val" : "test").length;
        sp[3 * i + k + 1] = total;
      }
      names.append(x.name().replace('\n', ' ')).append('\n');
    }
    int[] nodes = new int[total];
    int w = 0;
    for (Split x : splits) {
      for (int[] part : new int[][] {x.train(), x.val(), x.test()}) {
        System.arraycopy(part, 0, nodes, w, part.length);
        w += part.length;
      }
    }
    s.add(new Section("split_ptr", DT_I64, sp.length, sp));
    s.add(new Section("split_nodes", DT_I32, nodes.length, nodes));
    byte[] nb = names.toString().getBytes(StandardCharsets.UTF_8);
    s.add(new Section("split_names", DT_U8, nb.length, nb));
    return s;
  }

  private static long align(long x) {
    return (x + ALIGN - 1) / ALIGN * ALIGN;
  }

  private static void writeFile(Dataset d, Path file, ProgressListener progress) throws IOException {
    List<Section> secs = sections(d);
    int headerLen = (int) align(TABLE_START + (long) ENTRY * secs.size());
    long[] offsets = new long[secs.size()];
    long pos = headerLen;
    long totalBytes = 0;
    for (int i = 0; i < secs.size(); i++) {
      offsets[i] = pos;
      pos = align(pos + secs.get(i).bytes());
      totalBytes += secs.get(i).bytes();
    }
    long fileLen = pos;
    progress.start("write " + FILE_NAME, totalBytes);
    int[] crcs = new int[secs.size()];
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < secs.size(); i++) {
        ch.position(offsets[i]);
        crcs[i] = writeSection(ch, buf, secs.get(i), progress);
      }
      // Pad the file to its full length so the last section's alignment is part of the file.
      if (ch.size() < fileLen) {
        ch.write(ByteBuffer.wrap(new byte[(int) (fileLen - ch.size())]), ch.size());
      }
      ByteBuffer h = header(d, secs, offsets, crcs, headerLen, fileLen);
      ch.write(h, 0);
      ch.force(true);
    }
    progress.finish();
  }

  private static ByteBuffer header(Dataset d, List<Section> secs, long[] offsets, int[] crcs,
      int headerLen, long fileLen) {
    ByteBuffer h = ByteBuffer.allocate(headerLen).order(ByteOrder.LITTLE_ENDIAN);
    h.put(MAGIC);
    h.putInt(8, VERSION);
    h.putInt(12, headerLen);
    h.putLong(16, fileLen);
    h.putInt(24, secs.size());
    h.putInt(28, d.numNodes());
    h.putInt(32, d.numClasses());
    h.putInt(36, d.features().dim());
    h.putInt(40, d.features() instanceof Features.Sparse ? 1 : 0);
    h.putInt(44, d.splits().size());
    byte[] name = d.name().getBytes(StandardCharsets.UTF_8);
    h.put(64, name, 0, Math.min(name.length, 63));
    for (int i = 0; i < secs.size(); i++) {
      int e = TABLE_START + ENTRY * i;
      byte[] sn = secs.get(i).name().getBytes(StandardCharsets.US_ASCII);
      h.put(e, sn, 0, Math.min(sn.length, 23));
      h.putInt(e + 24, secs.get(i).dtype());
      h.putLong(e + 32, secs.get(i).count());
      h.putLong(e + 40, offsets[i]);
      h.putLong(e + 48, secs.get(i).bytes());
      h.putInt(e + 56, crcs[i]);
    }
    CRC32C crc = new CRC32C();
    crc.update(h.array(), 0, headerLen);
    h.putInt(48, (int) crc.getValue());
    h.position(0);
    return h;
  }

  private static int writeSection(FileChannel ch, ByteBuffer buf, Section s,
      ProgressListener progress) throws IOException {
    CRC32C crc = new CRC32C();
    long n = s.count();
    int item = itemSize(s.dtype());
    int per = buf.capacity() / item;
    for (long from = 0; from < n; from += per) {
      int len = (int) Math.min(per, n - from);
      buf.clear();
      int f = (int) from;
      switch (s.array()) {
        case int[] a -> buf.asIntBuffer().put(a, f, len);
        case long[] a -> buf.asLongBuffer().put(a, f, len);
        case float[] a -> buf.asFloatBuffer().put(a, f, len);
        case byte[] a -> buf.put(a, f, len);
        default -> throw new IllegalStateException("unsupported section array " + s.array());
      }
      buf.position(0).limit(len * item);
      crc.update(buf);
      buf.position(0).limit(len * item);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      progress.advance((long) len * item);
    }
    return (int) crc.getValue();
  }

  // ------------------------------------------------------------------------------------ reading

  /** One parsed section-table entry. */
  record Entry(String name, int dtype, long count, long offset, long bytes, int crc) {}

  /** The validated header of a binary dataset file. */
  record Header(String name, int numNodes, int numClasses, int dim, int featureKind, int numSplits,
      long fileLength, Map<String, Entry> sections) {}

  /** Whether {@code dir} is a binary dataset directory (cheap: checks the file's magic). */
  public static boolean isBinaryDataset(Path dir) {
    Path f = dir.resolve(FILE_NAME);
    if (!Files.isRegularFile(f)) {
      return false;
    }
    try (var in = Files.newInputStream(f)) {
      byte[] head = in.readNBytes(8);
      return head.length == 8 && hasMagic(head);
    } catch (IOException e) {
      return false;
    }
  }

  static Path dataFile(Path dirOrFile) throws NoSuchFileException {
    Path f = Files.isDirectory(dirOrFile) ? dirOrFile.resolve(FILE_NAME) : dirOrFile;
    if (!Files.isRegularFile(f)) {
      throw new NoSuchFileException(f.toString());
    }
    return f;
  }

  static Header readHeader(FileChannel ch, String f) throws IOException {
    long size = ch.size();
    if (size < TABLE_START) {
      throw new DatasetFormatException(f + ": truncated binary dataset (" + size
          + " bytes, expected a header of at least " + TABLE_START + ")");
    }
    ByteBuffer fixed = ByteBuffer.allocate(TABLE_START).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, fixed, 0);
    byte[] magic = new byte[8];
    fixed.get(0, magic);
    if (!hasMagic(magic)) {
      throw new DatasetFormatException(f + ": not a binary ibmb4j dataset (bad magic bytes)");
    }
    int version = fixed.getInt(8);
    if (version != VERSION) {
      throw new DatasetFormatException(
          f + ": binary format version " + version + ", expected " + VERSION);
    }
    int headerLen = fixed.getInt(12);
    int k = fixed.getInt(24);
    if (k < 0 || k > 1024 || headerLen < TABLE_START + (long) ENTRY * k || headerLen > size) {
      throw new DatasetFormatException(f + ": corrupt header (header length " + headerLen + ", "
          + k + " sections, file size " + size + ")");
    }
    ByteBuffer h = ByteBuffer.allocate(headerLen).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, h, 0);
    int stored = h.getInt(48);
    h.putInt(48, 0);
    CRC32C crc = new CRC32C();
    crc.update(h.array(), 0, headerLen);
    if ((int) crc.getValue() != stored) {
      throw new DatasetFormatException(f + ": header checksum mismatch (corrupt file)");
    }
    long fileLen = h.getLong(16);
    if (fileLen != size) {
      throw new DatasetFormatException(f + ": file has " + size + " bytes, header says " + fileLen
          + " (truncated or padded file)");
    }
    byte[] nb = new byte[64];
    h.get(64, nb);
    int nl = 0;
    while (nl < 64 && nb[nl] != 0) {
      nl++;
    }
    Map<String, Entry> secs = new LinkedHashMap<>();
    for (int i = 0; i < k; i++) {
      int e = TABLE_START + ENTRY * i;
      byte[] sn = new byte[24];
      h.get(e, sn);
      int l = 0;
      while (l < 24 && sn[l] != 0) {
        l++;
      }
      Entry en = new Entry(new String(sn, 0, l, StandardCharsets.US_ASCII), h.getInt(e + 24),
          h.getLong(e + 32), h.getLong(e + 40), h.getLong(e + 48), h.getInt(e + 56));
      int item = itemSize(en.dtype());
      if (item < 0 || en.count() < 0 || en.bytes() != en.count() * item || en.offset() < headerLen
          || en.offset() + en.bytes() > size || en.offset() % ALIGN != 0) {
        throw new DatasetFormatException(f + ": section " + en.name() + " is corrupt (dtype "
            + en.dtype() + ", " + en.count() + " elements, " + en.bytes() + " bytes at offset "
            + en.offset() + ", file size " + size + ")");
      }
      secs.put(en.name(), en);
    }
    return new Header(new String(nb, 0, nl, StandardCharsets.UTF_8), h.getInt(28), h.getInt(32),
        h.getInt(36), h.getInt(40), h.getInt(44), fileLen, secs);
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    while (b.hasRemaining()) {
      int r = ch.read(b, pos + b.position());
      if (r < 0) {
        throw new java.io.EOFException();
      }
    }
  }

  static Entry require(Header h, String name, int dtype, long count, String f)
      throws DatasetFormatException {
    Entry e = h.sections().get(name);
    if (e == null) {
      throw new DatasetFormatException(f + ": missing section '" + name + "'");
    }
    if (e.dtype() != dtype) {
      throw new DatasetFormatException(f + ": section " + name + " has dtype " + e.dtype()
          + ", expected " + dtype);
    }
    if (count >= 0 && e.count() != count) {
      throw new DatasetFormatException(f + ": section " + name + " has " + e.count()
          + " elements, expected " + count);
    }
    if (e.count() > Integer.MAX_VALUE - 8) {
      throw new DatasetFormatException(f + ": section " + name + " has " + e.count()
          + " elements, more than an int-indexed array holds (use map())");
    }
    return e;
  }

  /** Where {@link #read(Path, FeatureStorage)} keeps dense features. */
  public enum FeatureStorage {
    /** Copied into a heap array (fastest gathering; must fit in the heap and in 2³¹ floats). */
    HEAP,
    /** Left in the memory-mapped file ({@link Features.Mapped}); sparse features stay on the heap. */
    MAPPED,
    /** Mapped when the dense features exceed a quarter of the maximum heap, else on the heap. */
    AUTO;

    /** Whether dense features of {@code bytes} bytes are mapped under this choice. */
    public boolean mapsDense(long bytes) {
      return switch (this) {
        case HEAP -> false;
        case MAPPED -> true;
        case AUTO -> bytes > Runtime.getRuntime().maxMemory() / 4 || bytes / 4 > Integer.MAX_VALUE - 8;
      };
    }
  }

  /** Opens a binary dataset directory (or its data file); dense features as {@link FeatureStorage#AUTO}. */
  public static Dataset read(Path dir) throws IOException {
    return read(dir, FeatureStorage.AUTO);
  }

  /**
   * Opens a binary dataset directory (or its data file): the graph, labels and splits are copied into
   * heap arrays (with the CSR validation); dense features are copied or stay mapped as
   * {@code storage} says. A mapped file lives as long as the returned dataset is reachable.
   */
  public static Dataset read(Path dir, FeatureStorage storage) throws IOException {
    Path file = dataFile(dir);
    String f = file.toString();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      Header h = readHeader(ch, f);
      Entry dense = h.featureKind() == 0 ? h.sections().get("feat_dense") : null;
      boolean map = dense != null && storage.mapsDense(dense.bytes());
      // A confined arena unmaps on return; mapped features need the mapping to outlive this call,
      // so they get a GC-managed arena.
      Arena arena = map ? Arena.ofAuto() : Arena.ofConfined();
      try {
        MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, h.fileLength(), arena);
        return read(seg, h, f, map);
      } finally {
        if (!map) {
          arena.close();
        }
      }
    }
  }

  private static Dataset read(MemorySegment seg, Header h, String f, boolean mapFeatures)
      throws DatasetFormatException {
    int n = h.numNodes();
    if (n < 1) {
      throw new DatasetFormatException(f + ": " + n + " nodes, expected >= 1");
    }
    long[] off = longs(seg, require(h, "adj_offsets", DT_I64, n + 1L, f));
    int[] tgt = ints(seg, require(h, "adj_targets", DT_I32, -1, f));
    CsrGraph g;
    try {
      g = new CsrGraph(n, off, tgt);
    } catch (IllegalArgumentException e) {
      throw new DatasetFormatException(f + ": invalid adjacency: " + e.getMessage(), e);
    }
    int[] labels = ints(seg, require(h, "labels", DT_I32, n, f));
    for (int v = 0; v < n; v++) {
      if (labels[v] < -1 || labels[v] >= h.numClasses()) {
        throw new DatasetFormatException(f + ": label " + labels[v] + " of node " + v
            + " is out of range, expected -1.." + (h.numClasses() - 1));
      }
    }
    Features feats = mapFeatures ? mappedFeatures(seg, h, f) : readFeatures(seg, h, f);
    List<Split> splits = readSplits(seg, h, n, f);
    return new Dataset(h.name(), g, feats, labels, h.numClasses(), splits);
  }

  private static Features mappedFeatures(MemorySegment seg, Header h, String f)
      throws DatasetFormatException {
    int n = h.numNodes();
    int dim = h.dim();
    Entry e = h.sections().get("feat_dense");
    if (e == null) {
      throw new DatasetFormatException(f + ": missing section 'feat_dense'");
    }
    if (e.dtype() != DT_F32 || e.count() != (long) n * dim) {
      throw new DatasetFormatException(f + ": section feat_dense has dtype " + e.dtype() + " and "
          + e.count() + " elements, expected " + DT_F32 + " and " + (long) n * dim);
    }
    return new Features.Mapped(seg.asSlice(e.offset(), e.bytes()), n, dim);
  }

  private static Features readFeatures(MemorySegment seg, Header h, String f)
      throws DatasetFormatException {
    int n = h.numNodes();
    int dim = h.dim();
    if (h.featureKind() == 0) {
      float[] x = floats(seg, require(h, "feat_dense", DT_F32, (long) n * dim, f));
      return new Features.Dense(new Matrix(n, dim, x));
    }
    if (h.featureKind() != 1) {
      throw new DatasetFormatException(f + ": feature kind " + h.featureKind() + ", expected 0 or 1");
    }
    long[] p = longs(seg, require(h, "feat_ptr", DT_I64, n + 1L, f));
    int[] idx = ints(seg, require(h, "feat_idx", DT_I32, -1, f));
    float[] val = floats(seg, require(h, "feat_val", DT_F32, idx.length, f));
    int[] ptr = new int[n + 1];
    for (int i = 0; i <= n; i++) {
      if (p[i] < 0 || p[i] > idx.length) {
        throw new DatasetFormatException(f + ": feat_ptr[" + i + "] = " + p[i]
            + " is out of range [0, " + idx.length + "]");
      }
      ptr[i] = (int) p[i];
    }
    try {
      return new Features.Sparse(new CsrMatrix(n, dim, ptr, idx, val).validated());
    } catch (IllegalArgumentException e) {
      throw new DatasetFormatException(f + ": invalid feature CSR: " + e.getMessage(), e);
    }
  }

  private static List<Split> readSplits(MemorySegment seg, Header h, int n, String f)
      throws DatasetFormatException {
    int s = h.numSplits();
    long[] sp = longs(seg, require(h, "split_ptr", DT_I64, 3L * s + 1, f));
    int[] nodes = ints(seg, require(h, "split_nodes", DT_I32, -1, f));
    Entry ne = require(h, "split_names", DT_U8, -1, f);
    byte[] nb = new byte[(int) ne.count()];
    MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, ne.offset(), nb, 0, nb.length);
    String[] names = new String(nb, StandardCharsets.UTF_8).split("\n", -1);
    List<Split> out = new ArrayList<>();
    for (int i = 0; i < s; i++) {
      int[][] parts = new int[3][];
      for (int k = 0; k < 3; k++) {
        long a = sp[3 * i + k];
        long b = sp[3 * i + k + 1];
        if (a < 0 || b < a || b > nodes.length) {
          throw new DatasetFormatException(f + ": split_ptr is not monotone within [0, "
              + nodes.length + "] at split " + i);
        }
        parts[k] = java.util.Arrays.copyOfRange(nodes, (int) a, (int) b);
        for (int v : parts[k]) {
          if (v < 0 || v >= n) {
            throw new DatasetFormatException(f + ": split node id " + v + " is out of range [0, "
                + n + ")");
          }
        }
      }
      out.add(new Split(i < names.length ? names[i] : "split " + i, parts[0], parts[1], parts[2]));
    }
    return out;
  }

  static int[] ints(MemorySegment seg, Entry e) {
    int[] a = new int[(int) e.count()];
    MemorySegment.copy(seg, I32, e.offset(), a, 0, a.length);
    return a;
  }

  static long[] longs(MemorySegment seg, Entry e) {
    long[] a = new long[(int) e.count()];
    MemorySegment.copy(seg, I64, e.offset(), a, 0, a.length);
    return a;
  }

  static float[] floats(MemorySegment seg, Entry e) {
    float[] a = new float[(int) e.count()];
    MemorySegment.copy(seg, F32, e.offset(), a, 0, a.length);
    return a;
  }

  /**
   * Checks every section's CRC32C (a full sequential read of the file).
   *
   * @throws DatasetFormatException naming the first corrupt section
   */
  public static void verify(Path dir) throws IOException {
    Path file = dataFile(dir);
    String f = file.toString();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        Arena arena = Arena.ofConfined()) {
      Header h = readHeader(ch, f);
      MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, h.fileLength(), arena);
      for (Entry e : h.sections().values()) {
        CRC32C crc = new CRC32C();
        for (long p = 0; p < e.bytes(); p += 1 << 24) {
          long len = Math.min(1 << 24, e.bytes() - p);
          crc.update(seg.asSlice(e.offset() + p, len).asByteBuffer());
        }
        if ((int) crc.getValue() != e.crc()) {
          throw new DatasetFormatException(f + ": section " + e.name() + " checksum mismatch "
              + "(corrupt file)");
        }
      }
    }
  }

  /**
   * Maps a binary dataset without copying: the returned {@link MappedDataset} exposes the sections as
   * read-only {@link MemorySegment}s valid until it is closed (features may exceed the heap).
   */
  public static MappedDataset map(Path dir) throws IOException {
    Path file = dataFile(dir);
    String f = file.toString();
    Arena arena = Arena.ofShared();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      Header h = readHeader(ch, f);
      MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, h.fileLength(), arena);
      return new MappedDataset(h, seg, arena);
    } catch (IOException | RuntimeException e) {
      arena.close();
      throw e;
    }
  }
}
