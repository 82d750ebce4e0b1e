package io.github.ibmb4j.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Names, creates and cleans up the temporary siblings that crash-safe writes go through. Every
 * temporary name starts with a dot, carries the target's name and the id of the process that made it:
 * files {@code .<target>.<pid>-<random>.tmp}, directories {@code .<target>.tmp-<pid>-<random>}. A
 * process killed mid-write (SIGKILL, power loss) leaves such a sibling behind; {@link #cleanStale}
 * removes those whose process no longer runs, so the next write into the same directory cleans up
 * after it without touching a concurrent writer's files. Stateless and thread-safe.
 */
public final class TempFiles {
  private static final Pattern FILE = Pattern.compile("^\\..+\\.(\\d+)-\\d+\\.tmp$");
  private static final Pattern DIR = Pattern.compile("^\\..+\\.tmp-(\\d+)-[0-9a-z]+$");
  /** Temporary files named before names carried the pid ({@code .<target>.<random>.tmp}). */
  private static final Pattern OLD_FILE = Pattern.compile("^\\..+\\.\\d+\\.tmp$");

  private TempFiles() {}

  private static long pid() {
    return ProcessHandle.current().pid();
  }

  /** A new empty temporary file for {@code targetName} in {@code dir}. */
  public static Path newFile(Path dir, String targetName) throws IOException {
    return Files.createTempFile(dir, "." + targetName + "." + pid() + "-", ".tmp");
  }

  /**
   * A new empty directory {@code parent/.<targetName>.tmp-<pid>-<random>} with default permissions
   * (unlike {@link Files#createTempDirectory}, which makes it owner-only and the renamed result with
   * it).
   */
  public static Path newDirectory(Path parent, String targetName) throws IOException {
    SplittableRandom r = new SplittableRandom(System.nanoTime() ^ pid());
    String prefix = "." + targetName + ".tmp-" + pid() + "-";
    for (int attempt = 0; ; attempt++) {
      Path p = parent.resolve(prefix + Long.toUnsignedString(r.nextLong(), 36));
      try {
        return Files.createDirectory(p);
      } catch (FileAlreadyExistsException e) {
        if (attempt > 100) {
          throw e;
        }
      }
    }
  }

  /**
   * Deletes the temporary siblings in {@code dir} (not below it) whose process no longer runs.
   * Best effort: entries that cannot be deleted are left. Returns the deleted paths.
   */
  public static List<Path> cleanStale(Path dir) {
    return clean(dir, false);
  }

  /**
   * Deletes every temporary sibling in {@code dir} not made by this process, whatever its process:
   * for a directory the caller holds exclusively (a locked run directory), where any such sibling was
   * left by a killed writer. Also removes temporary files named before names carried the pid.
   */
  public static List<Path> cleanExclusive(Path dir) {
    return clean(dir, true);
  }

  private static List<Path> clean(Path dir, boolean exclusive) {
    List<Path> deleted = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return deleted;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, ".*")) {
      for (Path p : s) {
        String name = p.getFileName().toString();
        Matcher f = FILE.matcher(name);
        Matcher d = DIR.matcher(name);
        long owner;
        if (f.matches()) {
          owner = Long.parseLong(f.group(1));
        } else if (d.matches()) {
          owner = Long.parseLong(d.group(1));
        } else if (exclusive && OLD_FILE.matcher(name).matches()) {
          owner = -1;
        } else {
          continue;
        }
        if (owner == pid() || (!exclusive && alive(owner))) {
          continue;
        }
        if (deleteRecursively(p)) {
          deleted.add(p);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // best effort: a leftover that cannot be listed or parsed stays; it never affects results
    }
    return deleted;
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** Deletes {@code p} and everything below it; best effort, returns whether it is gone. */
  public static boolean deleteRecursively(Path p) {
    if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return true;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
