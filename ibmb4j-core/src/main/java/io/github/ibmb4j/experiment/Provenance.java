package io.github.ibmb4j.experiment;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.tensor.Kernels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where a result came from: software version, git commit (when the code runs from a checkout), JVM,
 * kernel provider, thread count, machine, and time. Recorded in every run record.
 *
 * @param version ibmb4j version
 * @param gitCommit the commit the classes were built from, with "-dirty" if the tree had uncommitted
 *     changes; failing that, the commit of the checkout at run time; or "unknown"
 * @param java Java runtime version and vendor
 * @param kernels active kernel provider (e.g. scalar, panama-512)
 * @param threads worker threads
 * @param processors available processors
 * @param os operating system and architecture
 * @param startedAt ISO-8601 start time
 */
public record Provenance(String version, String gitCommit, String java, String kernels, int threads,
    int processors, String os, String startedAt) {

  /** Build-time git facts, written by the build into this resource (absent outside a git build). */
  static final String BUILD_GIT_RESOURCE = "build-git.properties";

  /**
   * Captures the current environment; {@code home} is the checkout to read the commit from when the
   * build recorded none (may be null).
   */
  public static Provenance capture(Path home) {
    String v = Provenance.class.getPackage().getImplementationVersion();
    String built = builtCommit(Provenance.class.getResourceAsStream(BUILD_GIT_RESOURCE));
    return new Provenance(v == null ? "0.1.0-SNAPSHOT" : v, built != null ? built : gitCommit(home),
        Runtime.version() + " (" + System.getProperty("java.vendor") + ")", Kernels.provider(),
        Parallel.threads(), Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"), Instant.now().toString());
  }

  /**
   * The commit recorded at build time ({@code git.commit.id.full}, plus "-dirty" when
   * {@code git.dirty} is true), or null if the properties are missing or name no commit.
   */
  static String builtCommit(InputStream in) {
    if (in == null) {
      return null;
    }
    Properties p = new Properties();
    try (in) {
      p.load(in);
    } catch (IOException e) {
      return null;
    }
    String id = p.getProperty("git.commit.id.full", "").trim();
    if (!id.matches("[0-9a-f]{7,64}")) {
      return null;
    }
    return Boolean.parseBoolean(p.getProperty("git.dirty", "false").trim()) ? id + "-dirty" : id;
  }

  /** Reads HEAD's commit id from {@code home/.git} without running git; "unknown" if unavailable. */
  static String gitCommit(Path home) {
    if (home == null) {
      return "unknown";
    }
    try {
      Path git = home.resolve(".git");
      if (Files.isRegularFile(git)) {
        // a worktree: ".git" is a file "gitdir: <path>"
        String line = Files.readString(git).trim();
        if (line.startsWith("gitdir:")) {
          git = home.resolve(line.substring(7).trim());
        }
      }
      Path head = git.resolve("HEAD");
      if (!Files.isRegularFile(head)) {
        return "unknown";
      }
      String h = Files.readString(head).trim();
      if (!h.startsWith("ref:")) {
        return h;
      }
      String ref = h.substring(4).trim();
      for (Path dir = git; dir != null; dir = commonDir(dir)) {
        Path r = dir.resolve(ref);
        if (Files.isRegularFile(r)) {
          return Files.readString(r).trim();
        }
        Path packed = dir.resolve("packed-refs");
        if (Files.isRegularFile(packed)) {
          for (String l : Files.readAllLines(packed)) {
            if (l.endsWith(" " + ref)) {
              return l.substring(0, l.indexOf(' '));
            }
          }
        }
      }
      return "unknown";
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static Path commonDir(Path gitDir) throws IOException {
    Path c = gitDir.resolve("commondir");
    return Files.isRegularFile(c) ? gitDir.resolve(Files.readString(c).trim()).normalize() : null;
  }

  /** As an ordered map for JSON. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", version);
    m.put("gitCommit", gitCommit);
    m.put("java", java);
    m.put("kernels", kernels);
    m.put("threads", threads);
    m.put("processors", processors);
    m.put("os", os);
    m.put("startedAt", startedAt);
    return m;
  }
}
