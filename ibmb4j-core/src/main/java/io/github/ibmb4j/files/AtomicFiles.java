package io.github.ibmb4j.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Crash-safe file writes: content goes to a temporary file in the target's directory
 * ({@link TempFiles#newFile}), is forced to disk, and is then renamed over the target atomically, so a
 * reader (or a process killed mid-write) sees either the old file or the complete new one, never a
 * partial file. The temporary file is removed when writing fails. File-system failures (a directory in
 * the way, a read-only or immutable location, no permission, a full disk) surface as a
 * {@link FileWriteException} naming the target, never the temporary file.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes content produced by {@code writer}. */
  public interface Writer {
    void write(OutputStream out) throws IOException;
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

  /** Atomically replaces {@code target} with what {@code writer} writes to the file's channel. */
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
    if (e instanceof AccessDeniedException) {
      return "permission denied (read-only or protected location)";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
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
}
