package io.github.ibmb4j.data;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A binary dataset ({@link BinaryDatasetFormat}) kept memory-mapped: sizes from the header and the raw
 * sections as read-only little-endian {@link MemorySegment}s, so features larger than the heap can be
 * read row by row. Opening is O(number of sections). The segments are valid until {@link #close()};
 * reads are thread-safe, closing while other threads read is not.
 */
public final class MappedDataset implements AutoCloseable {
  private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(
      ByteOrder.LITTLE_ENDIAN);
  private final BinaryDatasetFormat.Header header;
  private final MemorySegment file;
  private final Arena arena;

  MappedDataset(BinaryDatasetFormat.Header header, MemorySegment file, Arena arena) {
    this.header = header;
    this.file = file;
    this.arena = arena;
  }

  /** Dataset name. */
  public String name() {
    return header.name();
  }

  /** Number of nodes N. */
  public int numNodes() {
    return header.numNodes();
  }

  /** Number of classes C. */
  public int numClasses() {
    return header.numClasses();
  }

  /** Feature dimension F. */
  public int featureDim() {
    return header.dim();
  }

  /** Whether the features are stored dense (f32 [N·F]). */
  public boolean denseFeatures() {
    return header.featureKind() == 0;
  }

  /** The raw bytes of a section (e.g. {@code adj_targets}, {@code feat_dense}). */
  public MemorySegment section(String name) {
    BinaryDatasetFormat.Entry e = header.sections().get(name);
    if (e == null) {
      throw new IllegalArgumentException("section '" + name + "' is absent, expected one of "
          + header.sections().keySet());
    }
    return file.asSlice(e.offset(), e.bytes());
  }

  /** Copies dense feature row {@code v} into {@code out[0..F)}. */
  public void featureRow(int v, float[] out) {
    if (!denseFeatures()) {
      throw new IllegalStateException("features of " + name() + " are sparse; read feat_ptr/idx/val");
    }
    if (v < 0 || v >= numNodes()) {
      throw new IllegalArgumentException("node " + v + " is out of range [0, " + numNodes() + ")");
    }
    int f = featureDim();
    MemorySegment.copy(section("feat_dense"), F32, (long) v * f * 4, out, 0, f);
  }

  @Override
  public void close() {
    arena.close();
  }
}
