package io.github.ibmb4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ibmb4j.nn.Parameter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** safetensors checkpoints: round trip, an independent reader, damaged and mismatching files. */
class CheckpointsTest {
  @TempDir
  Path dir;

  private static GnnModel model(ModelSpec.Type type, long seed) {
    return GnnModel.create(ModelSpec.of(type, 6, 8, 3, 2), seed);
  }

  @ParameterizedTest
  @EnumSource(ModelSpec.Type.class)
  void roundTrip(ModelSpec.Type type) throws IOException {
    GnnModel m = model(type, 1);
    Path f = dir.resolve("sub/model.safetensors");
    Checkpoints.save(m, f);
    GnnModel loaded = Checkpoints.load(f);
    assertThat(loaded.spec()).isEqualTo(m.spec());
    for (int k = 0; k < m.parameters().size(); k++) {
      assertThat(loaded.parameters().get(k).values()).containsExactly(m.parameters().get(k).values());
    }
    GnnModel other = model(type, 2);
    Checkpoints.loadInto(other, f);
    assertThat(other.parameters().get(0).values()).containsExactly(m.parameters().get(0).values());
    assertThat(Checkpoints.readSpec(f)).isEqualTo(m.spec());
    try (var s = Files.list(f.getParent())) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("model.safetensors");
    }
  }

  @Test
  void layoutFollowsTheSafetensorsSpecification() throws IOException {
    GnnModel m = model(ModelSpec.Type.GCN, 3);
    Path f = dir.resolve("m.safetensors");
    Checkpoints.save(m, f);
    byte[] b = Files.readAllBytes(f);
    long n = java.nio.ByteBuffer.wrap(b, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(n % 8).isZero();
    String header = new String(b, 8, (int) n, StandardCharsets.UTF_8);
    assertThat(header).startsWith("{\"__metadata__\":{\"format\":\"ibmb4j\",\"model_spec\":\"{\\\"type\\\":\\\"gcn\\\"");
    assertThat(header).contains("\"convs.0.weight\":{\"dtype\":\"F32\",\"shape\":[8,6],\"data_offsets\":[0,192]}");
    long total = 0;
    for (Parameter p : m.parameters()) {
      total += 4L * p.size();
    }
    assertThat(b.length).isEqualTo(8 + n + total);
    float first = java.nio.ByteBuffer.wrap(b, (int) (8 + n), 4)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN).getFloat();
    assertThat(first).isEqualTo(m.parameter("convs.0.weight").values()[0]);
  }

  @Test
  void readableByAnIndependentPythonReader() throws Exception {
    Path python = Path.of("/usr/bin/python3");
    Assumptions.assumeTrue(Files.isExecutable(python), "python3 not available");
    GnnModel m = model(ModelSpec.Type.GAT, 4);
    Path f = dir.resolve("gat.safetensors");
    Checkpoints.save(m, f);
    Path script = dir.resolve("read_safetensors.py");
    try (var in = getClass().getResourceAsStream("read_safetensors.py")) {
      Files.copy(in, script);
    }
    Process p = new ProcessBuilder(python.toString(), script.toString(), f.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    List<String> lines = new ArrayList<>(out.lines().toList());
    assertThat(lines.removeLast()).isEqualTo("spec " + m.spec().toJson());
    assertThat(lines).hasSize(m.parameters().size());
    for (int k = 0; k < lines.size(); k++) {
      Parameter q = m.parameters().get(k);
      String[] parts = lines.get(k).split(" ");
      assertThat(parts[0]).isEqualTo(q.name());
      assertThat(parts[1]).isEqualTo(String.join("x",
          Arrays.stream(q.shape()).mapToObj(Integer::toString).toList()));
      double sum = 0;
      for (float v : q.values()) {
        sum += v;
      }
      assertThat(Double.parseDouble(parts[2])).isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-4));
    }
  }

  @Test
  void mismatchingSpecIsAOneLineErrorNamingTheFile() throws IOException {
    Path f = dir.resolve("gcn.safetensors");
    Checkpoints.save(model(ModelSpec.Type.GCN, 1), f);
    GnnModel other = GnnModel.create(ModelSpec.of(ModelSpec.Type.GCN, 6, 9, 3, 2), 1);
    assertThatThrownBy(() -> Checkpoints.loadInto(other, f)).isInstanceOf(IOException.class)
        .hasMessageContaining(f.toString()).hasMessageContaining("does not match")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void damagedFilesAreClearErrors() throws IOException {
    Path f = dir.resolve("m.safetensors");
    Checkpoints.save(model(ModelSpec.Type.SAGE, 1), f);
    byte[] good = Files.readAllBytes(f);
    Path truncated = dir.resolve("truncated.safetensors");
    Files.write(truncated, Arrays.copyOf(good, good.length - 10));
    assertThatThrownBy(() -> Checkpoints.load(truncated)).isInstanceOf(IOException.class)
        .hasMessageContaining(truncated.toString()).hasMessageContaining("truncated");
    Path tiny = dir.resolve("tiny.safetensors");
    Files.write(tiny, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> Checkpoints.load(tiny)).hasMessageContaining("not a safetensors");
    Path badHeader = dir.resolve("bad.safetensors");
    byte[] b = good.clone();
    b[8] = 'x';
    Files.write(badHeader, b);
    assertThatThrownBy(() -> Checkpoints.load(badHeader)).hasMessageContaining("damaged checkpoint header");
    Path hugeLen = dir.resolve("len.safetensors");
    byte[] c = good.clone();
    c[7] = 0x7f;
    Files.write(hugeLen, c);
    assertThatThrownBy(() -> Checkpoints.load(hugeLen)).hasMessageContaining("header length");
    for (Path p : List.of(truncated, tiny, badHeader, hugeLen)) {
      assertThatThrownBy(() -> Checkpoints.load(p))
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
  }

  @Test
  void extraMetadataRoundTrips() throws IOException {
    Path f = dir.resolve("meta.safetensors");
    GnnModel m = model(ModelSpec.Type.GCN, 1);
    Checkpoints.save(m, f, java.util.Map.of("epoch", "12", "dataset", "cora \"quoted\""));
    var meta = Checkpoints.readMetadata(f);
    assertThat(meta).containsEntry("epoch", "12").containsEntry("dataset", "cora \"quoted\"")
        .containsEntry("format", "ibmb4j").containsEntry("model_spec", m.spec().toJson());
    assertThatThrownBy(() -> Checkpoints.save(m, f, java.util.Map.of("model_spec", "x")))
        .hasMessageContaining("reserved");
    assertThat(Checkpoints.load(f).spec()).isEqualTo(m.spec());
  }

  @Test
  void savingOverAnExistingCheckpointReplacesItAtomically() throws IOException {
    Path f = dir.resolve("m.safetensors");
    Checkpoints.save(model(ModelSpec.Type.GCN, 1), f);
    GnnModel second = model(ModelSpec.Type.GCN, 2);
    Checkpoints.save(second, f);
    assertThat(Checkpoints.load(f).parameters().get(0).values())
        .containsExactly(second.parameters().get(0).values());
    try (var s = Files.list(dir)) {
      assertThat(s.count()).isEqualTo(1);
    }
  }
}
