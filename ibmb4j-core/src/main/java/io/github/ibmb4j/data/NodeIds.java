package io.github.ibmb4j.data;

import io.github.ibmb4j.files.AtomicFiles;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The original node ids of a dataset whose graph was read from tables with arbitrary ids: compact id v
 * (0..N-1, what every algorithm uses) stands for original id {@code id(v)}. The original ids are
 * either longs or strings and are always strictly ascending in compact order (numerically for longs,
 * by {@link String#compareTo} for strings), so sorting by compact id sorts by original id and the
 * compaction is deterministic. A dataset without an id file has the identity map (original = compact).
 *
 * <p>File {@value #FILE_NAME} beside the binary data file: a header line
 * {@code ibmb-node-ids v1 long|string N}, then one id per line (strings may not contain line breaks).
 * Lookups are O(1) from compact to original; immutable and thread-safe.
 */
public final class NodeIds {
  /** Name of the id file inside a dataset directory. */
  public static final String FILE_NAME = "node-ids.txt";
  private static final String MAGIC = "ibmb-node-ids v1";

  private final int size;
  private final long[] longs; // null for string ids and for the identity
  private final String[] strings; // null for long ids

  private NodeIds(int size, long[] longs, String[] strings) {
    this.size = size;
    this.longs = longs;
    this.strings = strings;
  }

  /** The identity map over {@code n} nodes: original id = compact id, as longs. */
  public static NodeIds identity(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("node count is " + n + ", expected >= 0");
    }
    return new NodeIds(n, null, null);
  }

  /** Long original ids, strictly ascending (compact id v = position v). */
  public static NodeIds ofLongs(long[] ids) {
    for (int i = 1; i < ids.length; i++) {
      if (ids[i] <= ids[i - 1]) {
        throw new IllegalArgumentException("node ids are not strictly ascending at position " + i
            + " (" + ids[i - 1] + ", " + ids[i] + ")");
      }
    }
    return new NodeIds(ids.length, ids, null);
  }

  /** String original ids, strictly ascending by {@link String#compareTo}, without line breaks. */
  public static NodeIds ofStrings(String[] ids) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == null || ids[i].indexOf('\n') >= 0 || ids[i].indexOf('\r') >= 0) {
        throw new IllegalArgumentException("node id at position " + i
            + " is null or contains a line break; expected a single-line string");
      }
      if (i > 0 && ids[i].compareTo(ids[i - 1]) <= 0) {
        throw new IllegalArgumentException("node ids are not strictly ascending at position " + i
            + " ('" + ids[i - 1] + "', '" + ids[i] + "')");
      }
    }
    return new NodeIds(ids.length, null, ids);
  }

  /** Number of nodes. */
  public int size() {
    return size;
  }

  /** Whether the original ids are longs (the identity map included). */
  public boolean isLong() {
    return strings == null;
  }

  /** Whether this is the identity map. */
  public boolean isIdentity() {
    return longs == null && strings == null;
  }

  /** The long original id of compact node {@code v}; only for {@link #isLong()} maps. */
  public long longId(int v) {
    if (strings != null) {
      throw new IllegalStateException("node ids are strings");
    }
    check(v);
    return longs == null ? v : longs[v];
  }

  /** The original id of compact node {@code v} as text (a long in decimal, or the string). */
  public String text(int v) {
    check(v);
    return strings != null ? strings[v] : Long.toString(longs == null ? v : longs[v]);
  }

  private void check(int v) {
    if (v < 0 || v >= size) {
      throw new IndexOutOfBoundsException("node " + v + " is out of range [0, " + size + ")");
    }
  }

  /** Writes the id file {@code file} atomically. */
  public void write(Path file) throws IOException {
    AtomicFiles.write(file, out -> {
      BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8),
          1 << 16);
      w.write(MAGIC + " " + (isLong() ? "long" : "string") + " " + size + "\n");
      for (int v = 0; v < size; v++) {
        w.write(text(v));
        w.write('\n');
      }
      w.flush();
    });
  }

  /**
   * The ids of the dataset given by {@code spec} (as for {@link Datasets#open(String)}): read from
   * {@value #FILE_NAME} when {@code spec} is a directory holding one, else the identity over
   * {@code numNodes}.
   *
   * @throws DatasetFormatException if the id file is malformed or its size is not {@code numNodes}
   */
  public static NodeIds forDataset(String spec, int numNodes) throws IOException {
    Path file = Path.of(spec).resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return identity(numNodes);
    }
    NodeIds ids = read(file);
    if (ids.size() != numNodes) {
      throw new DatasetFormatException(file + ": holds " + ids.size() + " node ids, the dataset has "
          + numNodes + " nodes");
    }
    return ids;
  }

  /** Reads an id file. */
  public static NodeIds read(Path file) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String head = r.readLine();
      String[] h = head == null ? new String[0] : head.split(" ");
      if (h.length != 4 || !(h[0] + " " + h[1]).equals(MAGIC)
          || !(h[2].equals("long") || h[2].equals("string")) || !h[3].matches("[0-9]{1,10}")) {
        throw new DatasetFormatException(file + ": header is '" + head + "', expected '" + MAGIC
            + " long|string N'");
      }
      long n = Long.parseLong(h[3]);
      if (n > Integer.MAX_VALUE - 8) {
        throw new DatasetFormatException(file + ": " + n + " node ids exceed 2^31");
      }
      boolean isLong = h[2].equals("long");
      long[] longs = isLong ? new long[(int) n] : null;
      String[] strings = isLong ? null : new String[(int) n];
      for (int i = 0; i < n; i++) {
        String line = r.readLine();
        if (line == null) {
          throw new DatasetFormatException(file + ": ends after " + i + " ids, expected " + n);
        }
        if (isLong) {
          try {
            longs[i] = Long.parseLong(line);
          } catch (NumberFormatException e) {
            throw new DatasetFormatException(file + ": line " + (i + 2) + " is '" + line
                + "', expected a long id");
          }
        } else {
          strings[i] = line;
        }
      }
      try {
        return isLong ? ofLongs(longs) : ofStrings(strings);
      } catch (IllegalArgumentException e) {
        throw new DatasetFormatException(file + ": " + e.getMessage());
      }
    }
  }
}
