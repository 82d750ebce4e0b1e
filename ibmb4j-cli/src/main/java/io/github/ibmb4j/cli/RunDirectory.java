package io.github.ibmb4j.cli;

import io.github.ibmb4j.files.AtomicFiles;
import io.github.ibmb4j.files.TempFiles;
import io.github.ibmb4j.train.Evaluation;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The files of a training run (every file written atomically, so a run killed at any moment leaves a
 * consistent directory): {@code config.json}, {@code model.safetensors}, {@code train-state.bin}
 * (updated after every epoch, for {@code --resume}), {@code record.json}, {@code predictions-<split>.csv}
 * and the learning-curve plots.
 *
 * <p>One writer per run directory: {@link #lock} takes {@code .lock} in it, holding an operating-system
 * lock on the file for as long as the run writes and recording the holder's pid and host in it. A second
 * writer is refused with the holder's name. The operating system drops the lock when its process dies,
 * however it dies, so a lock file whose content names a holder but that nobody holds was left by a
 * killed run: the next writer takes it over and deletes the killed run's temporary files.
 */
public final class RunDirectory {
  /** The checkpoint of the selected model. */
  public static final String CHECKPOINT = "model.safetensors";
  /** The resumable training state. */
  public static final String STATE = "train-state.bin";
  /** The run record. */
  public static final String RECORD = "record.json";

  /** The lock file inside a run directory. */
  public static final String LOCK = ".lock";

  /** Lock files this JVM holds (an operating-system lock is per process, not per channel). */
  private static final Set<Path> HELD = new HashSet<>();

  private RunDirectory() {}

  /** A held run-directory lock; closing releases it (the file stays, emptied). */
  public static final class Lock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final String staleHolder;
    private final List<Path> cleaned;

    private Lock(Path file, FileChannel channel, FileLock lock, String staleHolder,
        List<Path> cleaned) {
      this.file = file;
      this.channel = channel;
      this.lock = lock;
      this.staleHolder = staleHolder;
      this.cleaned = cleaned;
    }

    /** The holder named by a lock left behind by a killed run that this lock took over, or null. */
    public String staleHolder() {
      return staleHolder;
    }

    /** The temporary files of a killed run deleted on taking the lock. */
    public List<Path> cleaned() {
      return cleaned;
    }

    @Override
    public void close() throws IOException {
      try {
        channel.truncate(0);
        channel.force(true);
      } finally {
        synchronized (HELD) {
          HELD.remove(file);
        }
        lock.release();
        channel.close();
      }
    }
  }

  /** This process as a lock holder: {@code pid <pid> on <host>}. */
  static String holder() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        host = "unknown host";
      }
    }
    return "pid " + ProcessHandle.current().pid() + " on " + host;
  }

  /**
   * Creates {@code dir} if needed and takes its lock; then deletes the temporary files a killed
   * writer left in it and in its {@code batches/}.
   *
   * @throws UserInputException if another process (or this one) holds the lock, naming the holder
   */
  public static Lock lock(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(LOCK).toAbsolutePath().normalize();
    synchronized (HELD) {
      if (HELD.contains(file)) {
        throw inUse(dir, holder());
      }
      FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock fl = null;
      try {
        fl = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        fl = null;
      } finally {
        if (fl == null) {
          String h = read(ch);
          ch.close();
          // the lock is held: name its holder as recorded (being written when empty)
          throw inUse(dir, h.isEmpty() ? "another process" : h);
        }
      }
      String previous = read(ch);
      ch.truncate(0);
      ch.write(ByteBuffer.wrap((holder() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
      ch.force(true);
      HELD.add(file);
      List<Path> cleaned = new java.util.ArrayList<>(TempFiles.cleanExclusive(dir));
      cleaned.addAll(TempFiles.cleanExclusive(dir.resolve("batches")));
      return new Lock(file, ch, fl, previous.isEmpty() ? null : previous, cleaned);
    }
  }

  private static UserInputException inUse(Path dir, String holder) {
    return new UserInputException("run directory " + dir + " is in use by " + holder
        + " (lock file " + dir.resolve(LOCK) + "); wait for that run to finish or choose another --out");
  }

  private static String read(FileChannel ch) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(256);
    ch.read(b, 0);
    return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
  }

  /**
   * Writes predictions as CSV sorted by node id: {@code node,predicted,probability,label}.
   */
  public static void writePredictions(Path file, Evaluation e) throws IOException {
    Integer[] order = new Integer[e.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Integer.compare(e.nodes()[a], e.nodes()[b]));
    AtomicFiles.write(file, out -> {
      Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      w.write("node,predicted,probability,label\n");
      for (int i : order) {
        w.write(e.nodes()[i] + "," + e.predicted()[i] + ","
            + String.format(Locale.ROOT, "%.6f", e.probability()[i]) + "," + e.labels()[i] + "\n");
      }
      w.flush();
    });
  }
}
