package io.github.ibmb4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ibmb4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

  private static Path configsDir() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("configs/arxiv"))) {
        return d.resolve("configs");
      }
    }
    throw new IllegalStateException("configs/ not found above " + Path.of("").toAbsolutePath());
  }

  @Test
  void everyShippedConfigParses() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.walk(configsDir())) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(20);
    for (Path f : files) {
      var values = ConfigFile.load(f);
      assertThat(values).as(f.toString()).containsKeys("--dataset", "--method", "--model");
    }
    assertThat(ConfigFile.load(configsDir().resolve("arxiv/gat/ibmb-node.yaml")))
        .containsEntry("--heads", "4").containsEntry("--outputs-per-batch", "4000")
        .containsEntry("--min-epochs", "300").containsEntry("--no-plateau", "false");
  }

  @Test
  void unknownKeysAndWrongTypesAreNamed(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "model:\n  hiden: 12\n");
    assertThatThrownBy(() -> ConfigFile.load(bad)).hasMessageContaining("unknown key 'model.hiden'");
    Files.writeString(bad, "model:\n  hidden: many\n");
    assertThatThrownBy(() -> ConfigFile.load(bad))
        .hasMessageContaining("key 'model.hidden' is \"many\", expected an integer");
    Files.writeString(bad, "training:\n  plateau: 3\n");
    assertThatThrownBy(() -> ConfigFile.load(bad)).hasMessageContaining("expected true or false");
    Files.writeString(bad, "method:\n  fanout: [2, x, 2]\n");
    assertThatThrownBy(() -> ConfigFile.load(bad))
        .hasMessageContaining("key 'method.fanout' is [2,\"x\",2], expected a list of integers");
    Files.writeString(bad, "optimiser: adam\n");
    assertThatThrownBy(() -> ConfigFile.load(bad)).hasMessageContaining("must be a section");

    Files.writeString(bad, "model:\n  hiden: 12\n");
    assertThat(Main.execute("train", "--config", bad.toString())).isEqualTo(2);
  }

  @Test
  void samplerSettingsComeFromTheFile(@TempDir Path dir) throws Exception {
    Path cfg = dir.resolve("s.yaml");
    Files.writeString(cfg, "method:\n  name: neighbor\n  fanout: [7, 7, 6]\n  sampler_batches: 8\n"
        + "  saint_roots: 17500\n  walk_length: 3\n  saint_steps: 5\n  coverage: 50\n"
        + "  layer_nodes: [10, 20, 20]\n  shadow_topk: 9\n  shadow_eps: 2.0e-4\n");
    assertThat(ConfigFile.load(cfg)).containsEntry("--fanout", "7,7,6")
        .containsEntry("--layer-nodes", "10,20,20").containsEntry("--sampler-batches", "8")
        .containsEntry("--saint-roots", "17500").containsEntry("--walk-length", "3")
        .containsEntry("--saint-steps", "5").containsEntry("--coverage", "50")
        .containsEntry("--shadow-topk", "9").containsEntry("--shadow-eps", "2.0E-4");

    // through train: the list reaches the run's configuration; a flag overrides it
    String cora = SharedData.graphNpz("cora").toString();
    Files.writeString(cfg, "dataset:\n  path: " + cora + "\nmethod:\n  name: neighbor\n"
        + "  fanout: [4, 4]\n  shadow_topk: 9\nmodel:\n  layers: 2\n  hidden: 16\n");
    Path run = dir.resolve("run");
    assertThat(Main.execute("train", "--config", cfg.toString(), "--epochs", "1", "--out",
        run.toString(), "-q")).isZero();
    RunConfig rc = RunConfig.read(run);
    assertThat(rc.batching().group(LayerSamplerOptionGroup.class).fanout).containsExactly(4, 4);
    assertThat(rc.batching().group(ShadowOptionGroup.class).shadowTopk).isEqualTo(9);
    Path run2 = dir.resolve("run2");
    assertThat(Main.execute("train", "--config", cfg.toString(), "--epochs", "1", "--fanout", "1,2",
        "--out", run2.toString(), "-q")).isZero();
    assertThat(RunConfig.read(run2).batching().group(LayerSamplerOptionGroup.class).fanout).containsExactly(1, 2);
  }

  @Test
  void commandLineOverridesTheFile(@TempDir Path dir) throws Exception {
    String cora = SharedData.graphNpz("cora").toString();
    Path cfg = dir.resolve("c.yaml");
    Files.writeString(cfg, "dataset:\n  path: " + cora + "\nmodel:\n  type: sage\n  hidden: 24\n"
        + "training:\n  epochs: 200\n");
    Path run = dir.resolve("run");
    assertThat(Main.execute("train", "--config", cfg.toString(), "--epochs", "2", "--out",
        run.toString(), "-q")).isZero();
    RunConfig rc = RunConfig.read(run);
    assertThat(rc.model().type().id()).isEqualTo("sage");
    assertThat(rc.model().hidden()).isEqualTo(24);
    assertThat(rc.training().maxEpochs()).isEqualTo(2);
  }
}
