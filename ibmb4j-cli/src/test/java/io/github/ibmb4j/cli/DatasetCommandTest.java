package io.github.ibmb4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ibmb4j.data.NpzFixtures;
import io.github.ibmb4j.data.NpzFixtures.Arr;
import io.github.ibmb4j.testing.SharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ibmb dataset ...} end to end through the CLI entry point, with captured stdout/stderr. */
class DatasetCommandTest {
  @TempDir Path tmp;

  record Run(int code, String out, String err) {
    JsonNode json() throws Exception {
      String[] lines = out.strip().split("\n");
      return Output.JSON.readTree(lines[lines.length - 1]);
    }
  }

  static Run run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private static JsonNode info(String dataset, String... extra) throws Exception {
    String[] args = Stream.concat(Stream.of("dataset", "info", "--dataset", dataset, "--json", "-q"),
        Stream.of(extra)).toArray(String[]::new);
    Run r = run(args);
    assertThat(r.code()).as(r.err()).isZero();
    return r.json();
  }

  private static void assertStats(JsonNode j, int nodes, long edges, int features, int classes,
      int train, int val, int test) {
    assertThat(j.get("nodes").asInt()).isEqualTo(nodes);
    assertThat(j.get("undirectedEdges").asLong()).isEqualTo(edges);
    assertThat(j.get("features").asInt()).isEqualTo(features);
    assertThat(j.get("classes").asInt()).isEqualTo(classes);
    assertThat(j.get("splits").get("train").asInt()).isEqualTo(train);
    assertThat(j.get("splits").get("val").asInt()).isEqualTo(val);
    assertThat(j.get("splits").get("test").asInt()).isEqualTo(test);
    assertThat(j.get("selfLoops").asInt()).isZero();
    int sum = 0;
    for (JsonNode c : j.get("labelHistogram")) {
      sum += c.asInt();
    }
    assertThat(sum + j.get("unlabelled").asInt()).isEqualTo(nodes);
  }

  @Test
  void doneWhenRealDatasets() throws Exception {
    JsonNode cora = info(SharedData.graphNpz("cora").toString());
    assertStats(cora, 2708, 5278, 1433, 7, 140, 500, 1000);
    assertThat(cora.get("homophily").asDouble()).isBetween(0.80, 0.82);
    assertThat(cora.get("degree").get("max").asInt()).isEqualTo(168);
    assertThat(cora.get("format").asText()).isEqualTo("npz");
    JsonNode amazon = info(SharedData.graphNpz("amazon-computers").toString());
    assertThat(amazon.get("nodes").asInt()).isEqualTo(13752);
    assertThat(amazon.get("undirectedEdges").asLong()).isEqualTo(245861);
    assertThat(amazon.get("features").asInt()).isEqualTo(767);
    assertThat(amazon.get("classes").asInt()).isEqualTo(10);
    assertThat(amazon.get("isolatedNodes").asInt()).isEqualTo(281);
    JsonNode physics = info(SharedData.graphNpz("coauthor-physics").getParent().toString());
    assertThat(physics.get("nodes").asInt()).isEqualTo(34493);
    assertThat(physics.get("undirectedEdges").asLong()).isEqualTo(247962);
    assertThat(physics.get("features").asInt()).isEqualTo(8415);
    assertThat(physics.get("classes").asInt()).isEqualTo(5);
    JsonNode tol = info(SharedData.graphNpz("tolokers").toString(), "--split-index", "9");
    assertStats(tol, 11758, 519000, 10, 2, 5879, 2939, 2940);
    assertThat(tol.get("splitSets").asInt()).isEqualTo(10);
    assertThat(tol.get("splitIndex").asInt()).isEqualTo(9);
  }

  @Test
  void projectionAndSplitOptions() throws Exception {
    JsonNode j = info(SharedData.graphNpz("coauthor-physics").toString(), "--project-features", "64",
        "--split-seed", "3", "--split-fractions", "0.5,0.25");
    assertThat(j.get("features").asInt()).isEqualTo(64);
    assertThat(j.get("featureStorage").asText()).isEqualTo("dense");
    assertThat(j.get("splits").get("train").asInt()).isBetween(17240, 17250);
    assertThat(j.get("splitName").asText()).contains("seed 3");
  }

  @Test
  void syntheticInfoAndHumanOutput() throws Exception {
    JsonNode j = info("synthetic:nodes=5000,seed=2");
    assertThat(j.get("nodes").asInt()).isEqualTo(5000);
    assertThat(j.get("isolatedNodes").asInt()).isZero();
    assertThat(j.get("format").asText()).isEqualTo("synthetic");
    assertThat(j.get("degree").get("min").asInt()).isGreaterThanOrEqualTo(1);
    Run human = run("dataset", "info", "--dataset", "synthetic:nodes=800", "-q");
    assertThat(human.code()).isZero();
    assertThat(human.out()).contains("nodes:").contains("undirectedEdges:").contains("train:");
  }

  @Test
  void generateConvertAndReopen() throws Exception {
    Path gen = tmp.resolve("gen");
    Run g = run("dataset", "generate", "--out", gen.toString(), "--nodes", "3000", "--classes", "6",
        "--features", "8", "--homophily", "0.8", "--seed", "4", "--json", "-q");
    assertThat(g.code()).as(g.err()).isZero();
    JsonNode back = info(gen.toString());
    assertThat(back.get("format").asText()).isEqualTo("binary");
    assertThat(back.get("nodes").asInt()).isEqualTo(3000);
    assertThat(back.get("classes").asInt()).isEqualTo(6);
    assertThat(back.get("features").asInt()).isEqualTo(8);
    assertThat(back.get("homophily").asDouble()).isBetween(0.77, 0.83);
    assertThat(back.get("undirectedEdges")).isEqualTo(g.json().get("undirectedEdges"));

    Path npz = tmp.resolve("npz");
    assertThat(run("dataset", "generate", "--out", npz.toString(), "--nodes", "1000", "--format",
        "npz", "-q").code()).isZero();
    assertThat(info(npz.toString()).get("nodes").asInt()).isEqualTo(1000);

    Path conv = tmp.resolve("cora-bin");
    Run c = run("dataset", "convert", "--dataset", SharedData.graphNpz("cora").toString(), "--out",
        conv.toString(), "--json", "-q");
    assertThat(c.code()).as(c.err()).isZero();
    assertStats(info(conv.toString()), 2708, 5278, 1433, 7, 140, 500, 1000);
    assertThat(info(conv.toString()).get("name").asText()).isEqualTo("cora");

    // dense features left in the mapped file give the same statistics; a bad choice is named
    Run mapped = run("dataset", "info", "--dataset", gen.toString(), "--features-storage", "mapped",
        "--json", "-q");
    assertThat(mapped.code()).as(mapped.err()).isZero();
    assertThat(mapped.json().get("featureNonZeros")).isEqualTo(back.get("featureNonZeros"));
    assertThat(mapped.json().get("homophily")).isEqualTo(back.get("homophily"));
    assertBadInput(run("dataset", "info", "--dataset", gen.toString(), "--features-storage", "disk",
        "-q"), "--features-storage is 'disk', expected heap, mapped or auto");
  }

  private void assertBadInput(Run r, String expected) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().strip().split("\n")[0]).startsWith("ibmb: ").contains(expected);
    assertThat(r.err().strip().lines().filter(l -> !l.startsWith("Try ")).count()).isEqualTo(1);
  }

  private Path npz(String dir, Map<String, Arr> arrays) throws Exception {
    return NpzFixtures.writeNpz(tmp.resolve(dir).resolve("graph.npz"), arrays);
  }

  @Test
  void badInputCorpusExitsWithTwoAndOneLine() throws Exception {
    var dtype = NpzFixtures.valid();
    dtype.put("adj_indices", new Arr("<f4", new long[] {6}, new float[] {1, 0, 2, 1, 3, 2}));
    var shape = NpzFixtures.valid();
    shape.put("feat_shape", new Arr("<i4", new long[] {2}, new int[] {5, 2}));
    var mono = NpzFixtures.valid();
    mono.put("adj_indptr", new Arr("<i4", new long[] {5}, new int[] {0, 3, 1, 5, 6}));
    var range = NpzFixtures.valid();
    range.put("feat_indices", new Arr("<i4", new long[] {4}, new int[] {0, 1, 0, 7}));
    var nan = NpzFixtures.valid();
    nan.put("feat_data", new Arr("<f4", new long[] {4}, new float[] {1, 2, Float.NaN, 4}));
    var labels = NpzFixtures.valid();
    labels.put("labels", new Arr("<i4", new long[] {4}, new int[] {0, 1, -3, 1}));
    var mask = NpzFixtures.valid();
    mask.put("test_mask", new Arr("|u1", new long[] {1, 5}, new byte[] {0, 0, 0, 1, 0}));
    var empty = NpzFixtures.valid();
    empty.put("adj_indptr", new Arr("<i4", new long[] {1}, new int[] {0}));
    empty.put("adj_indices", new Arr("<i4", new long[] {0}, new int[0]));
    Map<String, Map<String, Arr>> cases = new java.util.LinkedHashMap<>();
    cases.put("not an integer type", dtype);
    cases.put("feat_shape is [5, 2]", shape);
    cases.put("not monotone", mono);
    cases.put("column id 7", range);
    cases.put("is NaN", nan);
    cases.put("label -3 of node 2", labels);
    cases.put("test_mask has shape [1, 5]", mask);
    cases.put("no nodes", empty);
    int i = 0;
    for (var e : cases.entrySet()) {
      Path f = npz("case" + i++, e.getValue());
      assertBadInput(run("dataset", "info", "--dataset", f.toString(), "-q"), e.getKey());
      Path out = tmp.resolve("out" + i);
      assertBadInput(run("dataset", "convert", "--dataset", f.toString(), "--out", out.toString(),
          "-q"), e.getKey());
      assertThat(out).doesNotExist();
    }
    Path trunc = npz("trunc", NpzFixtures.valid());
    byte[] b = Files.readAllBytes(trunc);
    Files.write(trunc, java.util.Arrays.copyOf(b, b.length - 40));
    assertBadInput(run("dataset", "info", "--dataset", trunc.toString(), "-q"), "graph.npz");
    assertBadInput(run("dataset", "info", "--dataset", tmp.resolve("missing.npz").toString(), "-q"),
        "file not found");
    Path ogb = NpzFixtures.ogb(tmp.resolve("ogb"));
    Path gz = ogb.resolve("raw/edge.csv.gz");
    byte[] g = Files.readAllBytes(gz);
    Files.write(gz, java.util.Arrays.copyOf(g, g.length - 10));
    assertBadInput(run("dataset", "info", "--dataset", ogb.toString(), "-q"), "edge.csv.gz");
    assertBadInput(run("dataset", "info", "--dataset", "synthetic:nodes=1", "-q"), "nodes is 1");
    assertBadInput(run("dataset", "info", "--dataset", "synthetic:nodes=500", "--split-index", "3", "-q"),
        "--split-index is 3");
    // Nothing but the inputs was left behind: no temp directories from failed conversions.
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
    }
  }

  @Test
  void convertRefusesAnExistingOutput() throws Exception {
    Files.createDirectories(tmp.resolve("exists"));
    assertBadInput(run("dataset", "convert", "--dataset", "synthetic:nodes=500", "--out",
        tmp.resolve("exists").toString(), "-q"), "already exists");
  }

  @Test
  void downloadFromAClosedPortFailsCleanly() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path cache = tmp.resolve("cache");
    Run r = run("dataset", "download", "ogbn-arxiv", "--cache", cache.toString(), "--url",
        "http://127.0.0.1:" + port + "/arxiv.zip", "-q");
    assertBadInput(r, "cannot download");
    try (Stream<Path> s = Files.list(cache)) {
      assertThat(s.toList()).isEmpty();
    }
  }
}
