package io.github.ibmb4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ibmb4j.testing.SharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PartitionCommandTest {
  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void jsonReportHasTheDocumentedKeysAndWritesTheAssignment() throws Exception {
    Path cora = SharedData.graphNpz("cora");
    Path file = dir.resolve("parts.txt");
    Run r = run("partition", "--dataset", cora.toString(), "--parts", "4", "--seed", "3", "--json",
        "-q", "--output", file.toString());
    assertThat(r.code()).as(r.err()).isZero();
    String[] lines = r.out().strip().split("\n");
    JsonNode j = Output.JSON.readTree(lines[lines.length - 1]);
    assertThat(j.get("parts").asInt()).isEqualTo(4);
    assertThat(j.get("nodes").asInt()).isEqualTo(2708);
    assertThat(j.get("edges").asLong()).isEqualTo(5278);
    assertThat(j.get("edgeCut").asLong()).isPositive().isLessThan(j.get("randomEdgeCut").asLong());
    assertThat(j.get("imbalance").asDouble()).isBetween(1.0, 1.03);
    assertThat(j.get("seconds").asDouble()).isPositive();
    assertThat(Files.readAllLines(file)).hasSize(2708).allMatch(s -> s.matches("[0-3]"));
  }

  @Test
  void badInputExitsWithTwoAndNamesTheValue() {
    Path cora = SharedData.graphNpz("cora");
    Run zero = run("partition", "--dataset", cora.toString(), "--parts", "0", "-q");
    assertThat(zero.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(zero.err()).contains("--parts is 0");
    Run tooMany = run("partition", "--dataset", cora.toString(), "--parts", "3000", "-q");
    assertThat(tooMany.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(tooMany.err()).contains("3000").contains("2708");
    Run tol = run("partition", "--dataset", cora.toString(), "--parts", "2", "--imbalance", "0.5");
    assertThat(tol.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(tol.err()).contains("0.5");
    Run missing = run("partition", "--dataset", dir.resolve("nope.npz").toString(), "--parts", "2");
    assertThat(missing.code()).isEqualTo(ExitCodes.BAD_INPUT);
  }
}
