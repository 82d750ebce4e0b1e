package io.github.ibmb4j.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Crash-safe file writes: content goes to a temporary file in the target's directory, is forced to
 * disk, and is then renamed over the target atomically, so a reader (or a process killed mid-write)
 * sees either the old file or the complete new one, never a partial file. The temporary file is removed
 * when writing fails. {@link #createDirectory} does the same for a new directory of files (dataset
 * directories): it appears complete or not at all.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes content produced by {@code writer}. */
  public interface Writer {
    void write(OutputStream out) throws IOException;
  }

  /** Fills a new directory with files. */
  public interface DirectoryWriter {
    void write(Path dir) throws IOException;
  }

  /** Writes content to a file channel (for positioned or buffer-based writers). */
  public interface ChannelWriter {
    void write(FileChannel channel) throws IOException;
  }

  /** Atomically replaces {@code target} with what {@code writer} writes to a buffered stream. */
  public static void write(Path target, Writer writer) throws IOException {
    writeChannel(target, ch -> {
      OutputStream out = new java.io.BufferedOutputStream(
          java.nio.channels.Channels.newOutputStream(ch), 1 << 16);
      writer.write(out);
      out.flush();
    });
  }

  /**
   * Atomically replaces {@code target} with what {@code writer} writes to the file's channel.
   * File-system failures (a directory in the way, a read-only or immutable location, no permission, a
   * full disk) surface as a {@link FileWriteException} naming the target, never the temporary file.
   */
  public static void writeChannel(Path target, ChannelWriter writer) throws IOException {
    if (Files.isDirectory(target)) {
      throw new FileWriteException(target.toString(), "it is a directory, expected a file path");
    }
    Path dir = target.toAbsolutePath().getParent();
    Path tmp;
    try {
      Files.createDirectories(dir);
      tmp = TempFiles.newFile(dir, target.getFileName().toString());
    } catch (FileFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new FileWriteException(target.toString(), reason(e));
    }
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        writer.write(ch);
        ch.force(true);
      }
      move(tmp, target.toAbsolutePath());
    } catch (FileFormatException | FileWriteException e) {
      Files.deleteIfExists(tmp);
      throw e;
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      FileWriteException w = new FileWriteException(target.toString(), reason(e));
      w.initCause(e);
      throw w;
    } catch (RuntimeException | Error e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  /** The reason of a file-system failure without the (temporary) path it names. */
  static String reason(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied (read-only or protected location)";
    }
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "its directory cannot be created";
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  /** Atomically replaces {@code target} with {@code bytes}. */
  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, out -> out.write(bytes));
  }

  /** Atomically replaces {@code target} with UTF-8 {@code text}. */
  public static void writeString(Path target, String text) throws IOException {
    write(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Renames a fully written temporary file or directory onto {@code target} atomically (same file
   * system), replacing a file; falls back to a plain replace where atomic moves are unsupported.
   */
  public static void move(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Creates the directory {@code target}, which must not exist, with what {@code writer} puts into an
   * empty temporary sibling directory: every regular file in it is then forced to disk, the directory
   * is renamed onto {@code target} atomically and the parent directory is forced. If anything fails,
   * the temporary directory is removed and nothing is left at {@code target}. The directory gets the
   * default permissions (unlike {@link Files#createTempDirectory}, which makes it owner-only).
   *
   * @throws FileAlreadyExistsException if {@code target} exists
   */
  public static void createDirectory(Path target, DirectoryWriter writer) throws IOException {
    Path t = target.toAbsolutePath().normalize();
    if (Files.exists(t)) {
      throw new FileAlreadyExistsException(target.toString());
    }
    Path parent = t.getParent();
    Files.createDirectories(parent);
    TempFiles.cleanStale(parent); // an earlier write into this parent that was killed
    Path tmp = TempFiles.newDirectory(parent, t.getFileName().toString());
    boolean ok = false;
    try {
      writer.write(tmp);
      forceFiles(tmp);
      Files.move(tmp, t, StandardCopyOption.ATOMIC_MOVE);
      ok = true;
      forceDirectory(parent);
    } finally {
      if (!ok) {
        deleteRecursively(tmp);
      }
    }
  }



  private static void forceFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
          ch.force(true);
        }
      }
    }
  }

  private static void deleteRecursively(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    } catch (IOException e) {
      // best effort: the temporary name starts with '.', and the failure itself is what gets reported
    }
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // some file systems cannot fsync a directory; the rename itself is still atomic
    }
  }
}
