package io.github.ibmb4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ibmb4j.testing.SharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BatchesCommandTest {

  static JsonNode run(String... args) throws Exception {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out));
    int code = cl.execute(args);
    assertThat(code).as("exit code").isZero();
    String[] lines = out.toString().strip().split("\n");
    return Output.JSON.readTree(lines[lines.length - 1]);
  }

  @Test
  void coraTestSplitJson(@TempDir Path dir) throws Exception {
    String cora = SharedData.graphNpz("cora").toString();
    for (String method : new String[] {"ibmb-node", "randfix", "rand"}) {
      JsonNode r = run("batches", "--dataset", cora, "--method", method, "--split", "test", "--json", "-q");
      assertThat(r.get("method").asText()).isEqualTo(method);
      assertThat(r.get("splitSize").asInt()).isEqualTo(1000);
      assertThat(r.get("outputNodes").asInt()).isEqualTo(1000);
      assertThat(r.get("batches").asInt()).isEqualTo(4); // default target 2 * 2708/17 = 318 -> cap 250
      for (String k : new String[] {"auxNodes", "edges"}) {
        assertThat(r.get(k).get("min").asDouble()).isPositive();
        assertThat(r.get(k).get("mean").asDouble()).isBetween(r.get(k).get("min").asDouble(),
            r.get(k).get("max").asDouble());
      }
      assertThat(r.get("influenceCaptured").asDouble()).isEqualTo(1.0);
      for (String k : new String[] {"ppr", "merge", "materialize", "cache"}) {
        assertThat(r.get("seconds").has(k)).isTrue();
      }
    }
    JsonNode full = run("batches", "--dataset", cora, "--method", "full", "--split", "test", "--json", "-q");
    assertThat(full.get("batches").asInt()).isEqualTo(1);
    assertThat(full.get("auxNodes").get("max").asInt()).isEqualTo(2708);
    assertThat(full.get("outputNodes").asInt()).isEqualTo(1000);
    String c = dir.toString();
    JsonNode first = run("batches", "--dataset", cora, "--split", "val", "--json", "-q", "--cache", c);
    JsonNode second = run("batches", "--dataset", cora, "--split", "val", "--json", "-q", "--cache", c);
    assertThat(first.get("cacheHit").asBoolean()).isFalse();
    assertThat(second.get("cacheHit").asBoolean()).isTrue();
    assertThat(second.get("auxNodes")).isEqualTo(first.get("auxNodes"));
    assertThat(second.get("edges")).isEqualTo(first.get("edges"));
    assertThat(second.get("cap")).isEqualTo(first.get("cap"));
    assertThat(second.get("influenceCaptured")).isEqualTo(first.get("influenceCaptured"));
  }
}
