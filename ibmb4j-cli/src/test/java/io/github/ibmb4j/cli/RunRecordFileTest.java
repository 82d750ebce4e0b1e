package io.github.ibmb4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ibmb4j.batching.BatchingMethod;
import io.github.ibmb4j.batching.ClusterGcnMethod;
import io.github.ibmb4j.batching.IbmbNodeMethod;
import io.github.ibmb4j.batching.NeighborMethod;
import io.github.ibmb4j.experiment.RunRecord;
import io.github.ibmb4j.testing.SharedData;
import io.github.ibmb4j.train.EpochRecord;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** record.json: written typed by train, read back typed; records of the older format still read. */
class RunRecordFileTest {

  @Test
  void trainWritesTheResolvedConfigurationAndReadsItBack(@TempDir Path dir) throws Exception {
    Path run = dir.resolve("run");
    assertThat(Main.execute("train", "--dataset", SharedData.graphNpz("cora").toString(),
        "--method", "cluster-gcn", "--epochs", "2", "--out", run.toString(), "-q", "--json")).isZero();
    RunRecord r = RunRecordFile.read(run);
    assertThat(r.formatVersion()).isEqualTo(RunRecord.FORMAT_VERSION);
    assertThat(r.method()).isEqualTo("cluster-gcn");
    // every default is resolved: the parts, the validation method's outputs (2708 / 17), the model
    ClusterGcnMethod cg = (ClusterGcnMethod) r.config().batching();
    assertThat(List.of(cg.trainParts(), cg.evalParts())).containsExactly(4, 2);
    assertThat(r.config().validationMethod()).isEqualTo("ibmb-node");
    assertThat(((IbmbNodeMethod) r.config().validationBatching()).outputsPerBatch()).isEqualTo(159);
    assertThat(r.config().testBatching()).extracting(BatchingMethod::name)
        .containsExactly("cluster-gcn", "ibmb-node", "full", "neighbor");
    assertThat(((NeighborMethod) r.config().testBatching().get(3)).fanout()).containsExactly(2, 3, 2);
    assertThat(r.config().schedule()).isEqualTo("order");
    assertThat(r.config().model().hidden()).isEqualTo(256);
    assertThat(r.config().model().layers()).isEqualTo(3);
    assertThat(r.config().model().weightDecay()).isEqualTo(1e-4);
    assertThat(r.dataset().nodes()).isEqualTo(2708);
    assertThat(r.dataset().fingerprint()).hasSize(64);
    assertThat(r.curve()).extracting(EpochRecord::epoch).containsExactly(0, 1);
    assertThat(r.metrics().bestEpoch()).isBetween(0, 1);
    assertThat(r.metrics().test().keySet()).containsExactly("cluster-gcn", "ibmb-node", "full", "neighbor");
    assertThat(r.timings().preparationBySplit()).containsKey("train/cluster-gcn");
    assertThat(r.timings().preprocessing()).isPositive();
    assertThat(r.memory().peakHeapBytes()).isPositive();
    assertThat(r.provenance().threads()).isPositive();
    String json = Files.readString(run.resolve(RunDirectory.RECORD));
    assertThat(json).contains("\"formatVersion\" : 2").doesNotContain("\"summary\"");
    // the configuration as given stays beside it for --resume and infer
    assertThat(RunConfig.read(run).model().hidden()).isZero();
  }

  @Test
  void readsARecordOfTheFirstFormat(@TempDir Path dir) throws Exception {
    try (InputStream in = getClass().getResourceAsStream("record-v1.json")) {
      Files.copy(in, dir.resolve(RunDirectory.RECORD));
    }
    RunRecord r = RunRecordFile.read(dir);
    assertThat(r.formatVersion()).isEqualTo(1);
    assertThat(r.dataset().name()).isEqualTo("cora");
    assertThat(r.method()).isEqualTo("ibmb-node");
    assertThat(((IbmbNodeMethod) r.config().batching()).outputsPerBatch()).isZero(); // as given then
    assertThat(((IbmbNodeMethod) r.config().batching()).topk()).isEqualTo(16);
    assertThat(r.config().validationBatching()).isNull();
    assertThat(r.metrics().bestEpoch()).isEqualTo(18);
    assertThat(r.test("full").accuracy()).isEqualTo(0.808);
    assertThat(r.timings().preprocessing()).isPositive();
    assertThat(r.curve()).hasSize(3);
    assertThat(r.modelSpec().hiddenDim()).isEqualTo(256);
  }

  @Test
  void aNewerOrBrokenRecordIsAOneLineError(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve(RunDirectory.RECORD), "{\"formatVersion\": 99, \"config\": {}}");
    assertThatThrownBy(() -> RunRecordFile.read(dir)).isInstanceOf(UserInputException.class)
        .hasMessageContaining("format 99").hasMessageNotContaining("\n");
    Files.writeString(dir.resolve(RunDirectory.RECORD), "{\"formatVersion\": 2, \"curve\": [");
    assertThatThrownBy(() -> RunRecordFile.read(dir)).isInstanceOf(UserInputException.class)
        .hasMessageContaining("malformed run record").hasMessageNotContaining("\n");
  }
}
