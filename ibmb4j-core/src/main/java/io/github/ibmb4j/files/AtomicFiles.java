package io.github.ibmb4j.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Crash-safe file writes: content goes to a temporary file in the target's directory, is forced to
 * disk, and is then renamed over the target atomically, so a reader (or a process killed mid-write)
 * sees either the old file or the complete new one, never a partial file. The temporary file is removed
 * when writing fails.
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
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        writer.write(ch);
        ch.force(true);
      }
      move(tmp, target.toAbsolutePath());
    } catch (IOException | RuntimeException | Error e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
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
