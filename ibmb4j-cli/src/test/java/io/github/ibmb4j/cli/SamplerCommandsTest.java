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

/** The sampling baselines through the CLI: batches (epoch 0, never cached), train, infer, help. */
class SamplerCommandsTest {
  private static final String[] SAMPLERS = {"saint-rw", "neighbor", "ladies", "shadow", "rand"};

  @Test
  void batchesReportsEpochZeroOfEverySamplerAndNeverCaches(@TempDir Path dir) throws Exception {
    String cora = SharedData.graphNpz("cora").toString();
    for (String m : SAMPLERS) {
      JsonNode r = BatchesCommandTest.run("batches", "--dataset", cora, "--method", m, "--json", "-q",
          "--cache", dir.toString(), "--layers", "2");
      assertThat(r.get("method").asText()).isEqualTo(m);
      assertThat(r.get("stochastic").asBoolean()).isTrue();
      assertThat(r.has("cacheHit")).as("%s is not cached", m).isFalse();
      assertThat(r.get("batches").asInt()).isPositive();
      assertThat(r.get("outputsPerBatch").get("min").asInt()).isPositive();
    }
    JsonNode fixed = BatchesCommandTest.run("batches", "--dataset", cora, "--method", "randfix",
        "--json", "-q");
    assertThat(fixed.get("stochastic").asBoolean()).isFalse();
  }

  @Test
  void samplerOptionsShapeTheBatches() throws Exception {
    String cora = SharedData.graphNpz("cora").toString();
    JsonNode wide = BatchesCommandTest.run("batches", "--dataset", cora, "--method", "neighbor",
        "--layers", "2", "--fanout", "50,50", "--sampler-batches", "2", "--json", "-q");
    JsonNode narrow = BatchesCommandTest.run("batches", "--dataset", cora, "--method", "neighbor",
        "--layers", "2", "--fanout", "1,1", "--sampler-batches", "2", "--json", "-q");
    assertThat(wide.get("batches").asInt()).isEqualTo(2);
    assertThat(wide.get("auxNodes").get("mean").asDouble())
        .isGreaterThan(narrow.get("auxNodes").get("mean").asDouble());
    JsonNode saint = BatchesCommandTest.run("batches", "--dataset", cora, "--method", "saint-rw",
        "--saint-roots", "50", "--walk-length", "1", "--saint-steps", "3", "--coverage", "5",
        "--json", "-q");
    assertThat(saint.get("batches").asInt()).isLessThanOrEqualTo(3);
    assertThat(saint.get("auxNodes").get("max").asInt()).isLessThanOrEqualTo(100);
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.setErr(new PrintWriter(new StringWriter()));
    // a fan-out per layer is required: 2 values for the default 3 layers is bad input
    assertThat(cl.execute("batches", "--dataset", cora, "--method", "neighbor", "--fanout", "5,5",
        "--json", "-q")).isEqualTo(ExitCodes.BAD_INPUT);
  }

  @Test
  void defaultFanoutScalesWithTheMeanDegreeOfTheDataset() throws Exception {
    // cora (mean degree 3.9) keeps the reference's [2, 3, 2]; amazon-computers (35.8) gets [3, 5, 3]
    JsonNode cora = BatchesCommandTest.run("batches", "--dataset",
        SharedData.graphNpz("cora").toString(), "--method", "neighbor", "--json", "-q");
    assertThat(cora.get("settings").asText()).contains("fan-out [2, 3, 2]");
    JsonNode amazon = BatchesCommandTest.run("batches", "--dataset",
        SharedData.graphNpz("amazon-computers").toString(), "--method", "neighbor", "--json", "-q");
    assertThat(amazon.get("settings").asText()).contains("fan-out [3, 5, 3]");
    JsonNode given = BatchesCommandTest.run("batches", "--dataset",
        SharedData.graphNpz("amazon-computers").toString(), "--method", "neighbor", "--fanout",
        "2,3,2", "--json", "-q");
    assertThat(given.get("settings").asText()).contains("fan-out [2, 3, 2]");
  }

  @Test
  void shadowSubgraphSizeAndThresholdAreOptions() throws Exception {
    String cora = SharedData.graphNpz("cora").toString();
    JsonNode dflt = BatchesCommandTest.run("batches", "--dataset", cora, "--method", "shadow",
        "--json", "-q");
    assertThat(dflt.get("settings").asText()).contains("k=6,eps=0.001");
    JsonNode small = BatchesCommandTest.run("batches", "--dataset", cora, "--method", "shadow",
        "--shadow-topk", "2", "--json", "-q");
    JsonNode large = BatchesCommandTest.run("batches", "--dataset", cora, "--method", "shadow",
        "--shadow-topk", "12", "--shadow-eps", "1e-4", "--json", "-q");
    assertThat(large.get("settings").asText()).contains("k=12,eps=1.0E-4");
    // disjoint sub-graphs of at most k nodes each: the batch sizes grow with k
    assertThat(large.get("auxNodes").get("mean").asDouble())
        .isGreaterThan(dflt.get("auxNodes").get("mean").asDouble());
    assertThat(dflt.get("auxNodes").get("mean").asDouble())
        .isGreaterThan(small.get("auxNodes").get("mean").asDouble());
    CommandLine cl = Main.commandLine();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.setErr(new PrintWriter(err));
    assertThat(cl.execute("batches", "--dataset", cora, "--method", "shadow", "--shadow-eps", "2",
        "--json", "-q")).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(err.toString()).contains("ShaDow push threshold is 2.0");
  }

  @Test
  void helpListsEveryMethod() {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.execute("train", "--help");
    String help = out.toString().replaceAll("\\s+", " ");
    for (String m : new String[] {"ibmb-node", "ibmb-batch", "cluster-gcn", "saint-rw", "neighbor",
        "ladies", "shadow", "rand", "randfix", "full"}) {
      assertThat(help).contains(m);
    }
  }

  @Test
  void trainWithNeighbourSamplingThenInferWithEverySampler(@TempDir Path dir) throws Exception {
    String cora = SharedData.graphNpz("cora").toString();
    Path run = dir.resolve("run");
    JsonNode t = BatchesCommandTest.run("train", "--dataset", cora, "--method", "neighbor",
        "--epochs", "3", "--layers", "2", "--hidden", "16", "--json", "-q", "--out", run.toString());
    assertThat(t.get("method").asText()).isEqualTo("neighbor");
    assertThat(t.get("testByMethod").has("neighbor")).isTrue();
    for (String m : SAMPLERS) {
      JsonNode r = BatchesCommandTest.run("infer", "--run", run.toString(), "--method", m, "--json",
          "-q");
      assertThat(r.get("nodes").asInt()).as("%s predicts every test node once", m).isEqualTo(1000);
    }
    JsonNode wide = BatchesCommandTest.run("infer", "--run", run.toString(), "--method", "neighbor",
        "--fanout", "20,20", "--sampler-batches", "2", "--json", "-q");
    assertThat(wide.get("batches").asInt()).isEqualTo(1);
    assertThat(wide.get("nodes").asInt()).isEqualTo(1000);
  }
}
