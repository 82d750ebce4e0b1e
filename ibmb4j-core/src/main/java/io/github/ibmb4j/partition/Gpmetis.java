package io.github.ibmb4j.partition;

import io.github.ibmb4j.graph.CsrGraph;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the external {@code gpmetis} program (METIS 5, Debian package {@code metis}) on a graph, as a
 * quality and speed <em>reference</em> for {@link MultilevelPartitioner} in benchmarks and slow tests.
 * It is not a runtime dependency of the library. The graph goes through {@link MetisGraphFile}; the
 * output partition file is parsed and checked, and the cut METIS reports is returned beside the cut we
 * recompute. Blocking; thread-safe (each run uses its own temporary directory).
 */
public final class Gpmetis {
  private static final Pattern EDGECUT = Pattern.compile("Edgecut:\\s*(\\d+)");
  private static final Pattern PART_TIME = Pattern.compile("Partitioning:\\s*([0-9.]+)\\s*sec");

  private Gpmetis() {}

  /**
   * One gpmetis run.
   *
   * @param partitioning our view of its assignment (cut and imbalance recomputed)
   * @param reportedCut the edge cut gpmetis printed
   * @param metisSeconds gpmetis' own "Partitioning" time (excludes its I/O)
   * @param wallSeconds wall time of the process, I/O included
   */
  public record Result(Partitioning partitioning, long reportedCut, double metisSeconds,
      double wallSeconds) {}

  /** The gpmetis executable on the PATH, or null when it is not installed. */
  public static Path find() {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String d : path.split(java.io.File.pathSeparator)) {
      Path p = Path.of(d, "gpmetis");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /**
   * Partitions {@code graph} with gpmetis into {@code k} parts at balance {@code imbalance}
   * ({@code -ufactor = round((imbalance - 1) · 1000)}) with {@code -seed}.
   *
   * @throws IOException when gpmetis is missing, fails, or writes an unreadable partition
   */
  public static Result run(CsrGraph graph, int k, double imbalance, long seed) throws IOException {
    Path exe = find();
    if (exe == null) {
      throw new IOException("gpmetis not found on the PATH (apt-get install metis)");
    }
    Path dir = Files.createTempDirectory("ibmb-gpmetis");
    try {
      Path file = dir.resolve("graph.metis");
      MetisGraphFile.write(graph, null, null, file);
      int ufactor = (int) Math.round((imbalance - 1.0) * 1000);
      List<String> cmd = List.of(exe.toString(), "-ufactor=" + ufactor, "-seed=" + seed,
          file.toString(), Integer.toString(k));
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int code;
      try {
        code = p.waitFor();
      } catch (InterruptedException e) {
        p.destroy();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for gpmetis", e);
      }
      double wall = (System.nanoTime() - t0) / 1e9;
      if (code != 0) {
        throw new IOException("gpmetis exited with " + code + ": " + out.strip());
      }
      Matcher m = EDGECUT.matcher(out);
      if (!m.find()) {
        throw new IOException("gpmetis output has no 'Edgecut:' line: " + out.strip());
      }
      long reported = Long.parseLong(m.group(1));
      Matcher t = PART_TIME.matcher(out);
      double secs = t.find() ? Double.parseDouble(t.group(1)) : Double.NaN;
      int[] where = readPartitionFile(dir.resolve("graph.metis.part." + k), graph.numNodes(), k);
      return new Result(Partitioning.of(graph, k, where, null, null), reported, secs, wall);
    } finally {
      try (var s = Files.list(dir)) {
        for (Path f : (Iterable<Path>) s::iterator) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  /** Reads a METIS partition file: one part id in [0, k) per line, n lines. */
  public static int[] readPartitionFile(Path file, int n, int k) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
    int[] where = new int[n];
    int i = 0;
    for (String line : lines) {
      String s = line.strip();
      if (s.isEmpty()) {
        continue;
      }
      if (i >= n) {
        throw new IOException(file + ": more than " + n + " part ids");
      }
      int p;
      try {
        p = Integer.parseInt(s);
      } catch (NumberFormatException e) {
        throw new IOException(file + ": line " + (i + 1) + " is '" + s + "', expected a part id");
      }
      if (p < 0 || p >= k) {
        throw new IOException(String.format(Locale.ROOT,
            "%s: part id %d on line %d is outside [0, %d)", file, p, i + 1, k));
      }
      where[i++] = p;
    }
    if (i != n) {
      throw new IOException(file + ": " + i + " part ids, expected " + n);
    }
    return where;
  }
}
