package io.github.ibmb4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ibmb4j.testing.SharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ibmb predict} on a cora run: CSV and JSON output, full-graph agreement, bad input. */
class PredictCommandTest {
  @TempDir static Path dir;
  static Path run;

  @BeforeAll
  static void train() {
    run = dir.resolve("run");
    int code = Main.execute("train", "--dataset", SharedData.graphNpz("cora").toString(), "--model",
        "gcn", "--hidden", "16", "--method", "ibmb-node", "--epochs", "2", "--out", run.toString(),
        "-q", "--json");
    assertThat(code).isZero();
  }

  static String[] out(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(new StringWriter()));
    assertThat(cl.execute(args)).as("exit code").isZero();
    return out.toString().strip().split("\n");
  }

  static int exit(String... args) {
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.setErr(new PrintWriter(new StringWriter()));
    return cl.execute(args);
  }

  @Test
  void csvToFileAndJsonSummaryMatchFullGraph() throws Exception {
    Path csv = dir.resolve("p.csv");
    String[] lines = out("predict", "--run", run.toString(), "--nodes", "1708,5,1708,2707",
        "--out", csv.toString(), "--json", "--compare-full");
    JsonNode s = Output.JSON.readTree(lines[lines.length - 1]);
    assertThat(s.get("method").asText()).isEqualTo("receptive-field");
    assertThat(s.get("nodes").asInt()).isEqualTo(4);
    assertThat(s.get("agreement").asDouble()).isEqualTo(1.0);
    assertThat(s.get("accuracy").asDouble()).isEqualTo(s.get("fullAccuracy").asDouble());
    assertThat(s.get("seconds").asDouble()).isPositive();
    List<String> rows = Files.readAllLines(csv);
    assertThat(rows.get(0)).isEqualTo("node,predicted,label_name,probability,label");
    assertThat(rows).hasSize(5);
    assertThat(rows.get(1)).startsWith("1708,");
    assertThat(rows.get(1)).isEqualTo(rows.get(3));
    String[] f = rows.get(2).split(",");
    assertThat(f).hasSize(5);
    assertThat(f[0]).isEqualTo("5");
    assertThat(f[2]).isEqualTo(f[1]); // cora has no class names: the index
    assertThat(Double.parseDouble(f[3])).isBetween(0.0, 1.0);
  }

  @Test
  void fullMethodAndJsonFormatFromANodesFile() throws Exception {
    Path ids = dir.resolve("ids.txt");
    Files.writeString(ids, "# chosen nodes\n10 11\n12,13\n");
    String[] full = out("predict", "--run", run.toString(), "--nodes-file", ids.toString(),
        "--method", "full", "--format", "json");
    String[] rf = out("predict", "--run", run.toString(), "--nodes-file", ids.toString(),
        "--format", "json", "--embeddings");
    JsonNode a = Output.JSON.readTree(full[0]);
    JsonNode b = Output.JSON.readTree(rf[0]);
    assertThat(a).hasSize(4);
    for (int i = 0; i < 4; i++) {
      assertThat(a.get(i).get("node").asInt()).isEqualTo(10 + i);
      assertThat(a.get(i).get("predicted")).isEqualTo(b.get(i).get("predicted"));
      assertThat(a.get(i).get("probabilities")).hasSize(7);
      assertThat(a.get(i).has("embedding")).isFalse();
      assertThat(b.get(i).get("embedding")).hasSize(16);
    }
  }

  @Test
  void sampledTestNodesPerNode() throws Exception {
    String[] lines = out("predict", "--run", run.toString(), "--sample-test", "0.02", "--per-node",
        "--method", "ibmb-node", "--hops", "2", "--renormalize", "true", "--json");
    JsonNode s = Output.JSON.readTree(lines[lines.length - 1]);
    assertThat(s.get("nodes").asInt()).isEqualTo(20);
    assertThat(s.get("requests").asInt()).isEqualTo(20);
    assertThat(s.get("options").get("hops").asInt()).isEqualTo(2);
    assertThat(lines).hasSize(1 + 20 + 1);
  }

  @Test
  void badInputExitsTwo() throws Exception {
    String r = run.toString();
    assertThat(exit("predict", "--run", r, "--nodes", "1,x")).isEqualTo(2);
    assertThat(exit("predict", "--run", r, "--nodes", "-1")).isEqualTo(2);
    assertThat(exit("predict", "--run", r, "--nodes", "2708")).isEqualTo(2);
    assertThat(exit("predict", "--run", r, "--nodes", "1", "--method", "nope")).isEqualTo(2);
    assertThat(exit("predict", "--run", r, "--nodes", "1", "--format", "xml")).isEqualTo(2);
    assertThat(exit("predict", "--run", r, "--nodes-file", dir.resolve("missing").toString()))
        .isEqualTo(2);
    assertThat(exit("predict", "--run", dir.resolve("nope").toString(), "--nodes", "1"))
        .isEqualTo(2);
    assertThat(exit("predict", "--run", r)).isEqualTo(2);
    assertThat(exit("predict", "--run", r, "--sample-test", "2")).isEqualTo(2);
    assertThat(exit("predict", "--run", r, "--nodes", "1", "--topk", "-3")).isEqualTo(2);
  }
}
