package io.github.ibmb4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ibmb4j.data.NpzFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fuzz tier (slow profile: {@code ./build slow}, or {@code mvn -Pslow -pl ibmb4j-cli -am test
 * -Dtest=FuzzTest -Dsurefire.failIfNoSpecifiedTests=false}): seeded random byte flips and
 * truncations of every file format the project reads, and random option values, each run through the
 * command line in-process. Every case must end in exit 0 (the damage left a valid file, e.g. a digit
 * of an edge list) or exit 2 with exactly one line on stderr and nothing written; never exit 1, a
 * trace, or a half-written output. Damaged batch caches must be rebuilt (exit 0, then a cache hit).
 * The seed is {@code -Dibmb.fuzz.seed=S} (default 17); cases per format {@code -Dibmb.fuzz.cases=N}
 * (default 12); a failure message names the seed, format and case to replay it.
 */
@Tag("slow")
class FuzzTest {
  static final long SEED = Long.getLong("ibmb.fuzz.seed", 17);
  static final int CASES = Integer.getInteger("ibmb.fuzz.cases", 12);
  static final String DATA = UniformErrorsTest.DATA;

  @TempDir static Path shared;
  static Path run;
  @TempDir Path tmp;

  @BeforeAll
  static void trainOnce() {
    run = shared.resolve("run");
    Cli.run(UniformErrorsTest.train(run)).ok();
  }

  /** A damaged copy of {@code valid}: 1-4 random byte flips, or a truncation (one case in three). */
  static byte[] damage(byte[] valid, SplittableRandom r) {
    if (valid.length == 0 || r.nextInt(3) == 0) {
      return java.util.Arrays.copyOf(valid, valid.length == 0 ? 0 : r.nextInt(valid.length));
    }
    byte[] b = valid.clone();
    int flips = 1 + r.nextInt(4);
    for (int i = 0; i < flips; i++) {
      b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
    }
    return b;
  }

  /** Paths, sizes and modification times under {@code dir}, except below {@code ignored}. */
  static Map<String, String> tree(Path dir, String ignored) throws IOException {
    Map<String, String> m = new TreeMap<>();
    if (!Files.exists(dir)) {
      return m;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.toList()) {
        String rel = dir.relativize(p).toString();
        if (ignored != null && rel.startsWith(ignored)) {
          continue;
        }
        m.put(rel, Files.isDirectory(p) ? "dir"
            : Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
      }
    }
    return m;
  }

  /**
   * Runs {@code cases} damaged versions of {@code file} (a file inside {@code root}) through
   * {@code command}, checking the outcome conventions.
   */
  void fuzz(String format, Path root, Path file, Function<Path, String[]> command, String ignored)
      throws IOException {
    byte[] valid = Files.readAllBytes(file);
    SplittableRandom r = new SplittableRandom(SEED ^ format.hashCode());
    int rejected = 0;
    for (int c = 0; c < CASES; c++) {
      byte[] bad = damage(valid, r);
      Files.write(file, bad);
      Map<String, String> before = tree(root, ignored);
      String[] args = command.apply(file);
      Cli res = Cli.run(args);
      String where = "seed " + SEED + ", " + format + " case " + c + " (" + String.join(" ", args)
          + "): " + res.err();
      assertThat(res.code()).as(where).isIn(0, 2);
      if (res.code() == 2) {
        rejected++;
        assertThat(res.err().strip().split("\n")).as(where).hasSize(1);
        assertThat(res.err()).as(where).startsWith("ibmb: ").doesNotContain("\tat ")
            .doesNotContain("internal error");
        assertThat(tree(root, ignored)).as("nothing written: " + where).isEqualTo(before);
      }
      Files.write(file, valid);
    }
    assertThat(rejected).as(format + ": damaged inputs rejected").isPositive();
  }

  @Test
  void graphNpz() throws IOException {
    Path npz = NpzFixtures.writeNpz(tmp.resolve("npz/graph.npz"), NpzFixtures.valid());
    fuzz("graph.npz", tmp, npz, f -> new String[] {"dataset", "info", "--dataset", f.toString(),
        "-q"}, null);
  }

  @Test
  void binaryDataset() throws IOException {
    Path dir = tmp.resolve("bin");
    Cli.run("dataset", "generate", "--out", dir.toString(), "--nodes", "200", "--features", "4",
        "-q").ok();
    fuzz("binary", tmp, dir.resolve("dataset.ibmb"), f -> new String[] {"dataset", "info",
        "--dataset", dir.toString(), "-q"}, null);
  }

  @Test
  void edgeListWithLabels() throws IOException {
    Path g = Files.writeString(tmp.resolve("g.txt"), "# edges\n0 1\n1 2\n2 3\n3 0\n4 0\n5 4\n");
    Path y = Files.writeString(tmp.resolve("g.labels.txt"), "0\n1\n0\n1\n0\n1\n");
    Function<Path, String[]> info = f -> new String[] {"dataset", "info", "--dataset",
        g.toString(), "-q"};
    fuzz("edge list", tmp, g, info, null);
    fuzz("edge-list labels", tmp, y, info, null);
  }

  @Test
  void ogbDirectory() throws IOException {
    Path dir = NpzFixtures.ogb(tmp.resolve("ogb"));
    for (String f : new String[] {"raw/edge.csv.gz", "raw/node-feat.csv.gz", "raw/node-label.csv.gz",
        "raw/num-node-list.csv.gz", "split/time/train.csv.gz"}) {
      fuzz("ogb " + f, tmp, dir.resolve(f), p -> new String[] {"dataset", "info", "--dataset",
          dir.toString(), "-q"}, null);
    }
  }

  private Path runCopy() throws IOException {
    Path to = Files.createDirectories(tmp.resolve("run"));
    try (Stream<Path> s = Files.list(run)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        Files.copy(p, to.resolve(p.getFileName()));
      }
    }
    return to;
  }

  @Test
  void checkpoint() throws IOException {
    Path r = runCopy();
    fuzz("model.safetensors", r, r.resolve(RunDirectory.CHECKPOINT), f -> new String[] {"infer",
        "--run", r.toString(), "--method", "full", "-q"}, "batches");
  }

  @Test
  void trainState() throws IOException {
    Path r = runCopy();
    fuzz("train-state.bin", r, r.resolve(RunDirectory.STATE), f -> new String[] {"train",
        "--resume", r.toString(), "-q"}, null);
  }

  @Test
  void runConfig() throws IOException {
    Path r = runCopy();
    fuzz("config.json", r, r.resolve(RunConfig.FILE), f -> new String[] {"infer", "--run",
        r.toString(), "--method", "full", "-q"}, "batches");
  }

  @Test
  void yamlConfig() throws IOException {
    Path cfg = Files.writeString(tmp.resolve("c.yaml"), "dataset: { path: \"" + DATA + "\" }\n"
        + "method: { name: ibmb-node, topk: 8, outputs_per_batch: 60 }\n"
        + "model: { type: gcn, hidden: 8, layers: 2, dropout: 0.5 }\n"
        + "training: { epochs: 1, lr: 1.0e-3, seed: 0 }\n");
    Path out = tmp.resolve("out");
    List<Integer> n = new ArrayList<>(List.of(0));
    fuzz("yaml", tmp, cfg, f -> {
      n.set(0, n.get(0) + 1);
      return new String[] {"train", "--config", f.toString(), "-q", "--threads", "1", "--out",
          out.resolve("r" + n.get(0)).toString()};
    }, "out");
    // a rejected configuration created no run directory
    try (Stream<Path> s = Files.exists(out) ? Files.list(out) : Stream.empty()) {
      for (Path p : s.toList()) {
        assertThat(p.resolve(RunDirectory.CHECKPOINT)).as("complete run %s", p).exists();
      }
    }
  }

  @Test
  void batchCacheFilesAreRebuilt() throws IOException {
    Path cache = tmp.resolve("cache");
    String[] args = {"batches", "--dataset", DATA, "--cache", cache.toString(), "--json", "-q"};
    Cli.run(args).ok();
    Path f;
    try (Stream<Path> s = Files.list(cache)) {
      f = s.filter(p -> p.toString().endsWith(".batches")).findFirst().orElseThrow();
    }
    byte[] valid = Files.readAllBytes(f);
    SplittableRandom r = new SplittableRandom(SEED);
    for (int c = 0; c < CASES; c++) {
      Files.write(f, damage(valid, r));
      Cli first = Cli.run(args).ok();
      Cli second = Cli.run(args).ok();
      var a = Output.JSON.readTree(first.out().strip());
      var b = Output.JSON.readTree(second.out().strip());
      assertThat(b.get("cacheHit").asBoolean()).as("seed %d cache case %d", SEED, c).isTrue();
      for (String k : new String[] {"batches", "outputNodes", "auxNodes", "edges"}) {
        assertThat(a.get(k)).as("seed %d cache case %d: %s", SEED, c, k).isEqualTo(b.get(k));
      }
    }
  }

  @Test
  void randomOptionValues() throws IOException {
    String[] options = {"--topk", "--alpha", "--eps", "--outputs-per-batch", "--aux-per-batch",
        "--parts", "--eval-parts", "--split-index", "--sampler-batches", "--saint-roots",
        "--walk-length", "--saint-steps", "--coverage", "--shadow-topk", "--shadow-eps",
        "--fanout", "--layer-nodes", "--layers", "--threads", "--split-fractions",
        "--project-features", "--method", "--norm", "--schedule", "--split"};
    String[] values = {"-1", "0", "1", "2147483647", "-2147483648", "NaN", "Infinity", "1e308",
        "abc", "", "0.5", "3", "1,-1", "999999999999"};
    SplittableRandom r = new SplittableRandom(SEED);
    Path out = tmp.resolve("options");
    for (int c = 0; c < 4 * CASES; c++) {
      String o = options[r.nextInt(options.length)];
      String v = values[r.nextInt(values.length)];
      String method = new String[] {"ibmb-node", "cluster-gcn", "ibmb-batch", "neighbor",
          "saint-rw", "shadow", "ladies"}[r.nextInt(7)];
      Cli res = Cli.run("batches", "--dataset", DATA, "--method", method, o, v, "--no-features",
          "-q", "--cache", out.resolve("c" + c).toString());
      String where = "seed " + SEED + ", option case " + c + ": --method " + method + " " + o + " '"
          + v + "': " + res.err();
      assertThat(res.code()).as(where).isIn(0, 2);
      if (res.code() == 2) {
        assertThat(res.err().strip().split("\n")).as(where).hasSize(1);
        assertThat(res.err()).as(where).doesNotContain("\tat ").doesNotContain("internal error");
        assertThat(out.resolve("c" + c)).as("nothing written: " + where).doesNotExist();
      }
    }
  }
}
