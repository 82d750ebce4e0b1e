package io.github.ibmb4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ibmb4j.batching.BatchingMethod;
import io.github.ibmb4j.batching.ClusterGcnMethod;
import io.github.ibmb4j.batching.FullGraphMethod;
import io.github.ibmb4j.batching.IbmbBatchMethod;
import io.github.ibmb4j.batching.IbmbNodeMethod;
import io.github.ibmb4j.batching.LadiesMethod;
import io.github.ibmb4j.batching.NeighborMethod;
import io.github.ibmb4j.batching.RandFixMethod;
import io.github.ibmb4j.batching.RandMethod;
import io.github.ibmb4j.batching.SaintRwMethod;
import io.github.ibmb4j.batching.ShadowMethod;
import io.github.ibmb4j.graph.Normalization;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/**
 * The option groups as the one CLI place of a batching method: each method served once, flags
 * mapped onto the records, {@code config.json}'s batching section read and written in the form
 * earlier versions wrote (byte for byte), and {@code infer}'s overlay of given flags.
 */
class MethodOptionGroupTest {

  private static String fixture(String name) throws Exception {
    try (InputStream in = MethodOptionGroupTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static BatchingSettings read(String json) throws Exception {
    return RunConfig.MAPPER.readValue(json, BatchingSettings.class);
  }

  @Test
  void everyMethodIsServedByAtMostOneGroup() {
    List<String> served = new ArrayList<>();
    for (MethodOptionGroup g : MethodOptions.empty()) {
      served.addAll(g.methods());
    }
    assertThat(served).doesNotHaveDuplicates();
    assertThat(BatchingMethod.NAMES).containsAll(served);
    // the one method without flags gets its defaults
    assertThat(BatchingMethod.NAMES).containsExactlyInAnyOrderElementsOf(
        concat(served, FullGraphMethod.NAME));
  }

  private static List<String> concat(List<String> a, String b) {
    List<String> out = new ArrayList<>(a);
    out.add(b);
    return out;
  }

  @Test
  void configJsonOfEarlierVersionsIsReadAndWrittenByteForByte() throws Exception {
    for (String f : List.of("batching-defaults-v1.json", "batching-all-flags-v1.json")) {
      String json = fixture(f);
      assertThat(RunConfig.MAPPER.writeValueAsString(read(json))).as(f).isEqualTo(json);
    }
    assertThat(RunConfig.MAPPER.writeValueAsString(BatchingSettings.defaults("ibmb-node", 0)))
        .isEqualTo(fixture("batching-defaults-v1.json"));
  }

  @Test
  void flagsMapOntoEachMethodsRecord() throws Exception {
    BatchingSettings s = read(fixture("batching-all-flags-v1.json"));
    assertThat(s.method()).isEqualTo("shadow");
    assertThat(s.seed()).isEqualTo(42);
    assertThat(s.normalization()).isEqualTo(Normalization.SYM);
    assertThat(s.schedule()).isEqualTo("sample");
    assertThat(s.method("ibmb-node")).isEqualTo(new IbmbNodeMethod(24, 0.15, 1e-4, 512, 3000));
    assertThat(s.method("randfix")).isEqualTo(new RandFixMethod(24, 0.15, 1e-4, 512, 42));
    assertThat(s.method("rand")).isEqualTo(new RandMethod(24, 0.15, 1e-4, 512, 42));
    assertThat(s.method("ibmb-batch")).isEqualTo(new IbmbBatchMethod(0.15, 5, 7, 42));
    assertThat(s.method("cluster-gcn")).isEqualTo(new ClusterGcnMethod(5, 7, 42));
    assertThat(s.method("saint-rw")).isEqualTo(new SaintRwMethod(17500, 3, 5, 50, 42));
    assertThat(s.method("neighbor")).isEqualTo(new NeighborMethod(List.of(7, 7, 6), 8, 42));
    assertThat(s.method("ladies")).isEqualTo(new LadiesMethod(List.of(10, 20, 20), 8, 42));
    assertThat(s.method("shadow")).isEqualTo(new ShadowMethod(9, 2e-4, 0.15, 512, 42));
    assertThat(s.method("full")).isEqualTo(FullGraphMethod.INSTANCE);
    assertThat(s.trainingMethod()).isEqualTo(s.method("shadow"));
  }

  @Test
  void missingKeysAreZeroUnknownKeysAreErrorsLayersIsIgnored() throws Exception {
    BatchingSettings s = read("{\"method\":\"neighbor\",\"layers\":3,\"alpha\":0.3}");
    assertThat(s.group(PprOptionGroup.class).topk).isZero();
    assertThat(s.group(PprOptionGroup.class).alpha).isEqualTo(0.3);
    assertThat(s.group(LayerSamplerOptionGroup.class).fanout).isEmpty();
    assertThat(s.normalization()).isEqualTo(io.github.ibmb4j.batching.BatchMaterializer.DEFAULT_NORMALIZATION);
    assertThat(s.schedule()).isEqualTo("order");
    assertThatThrownBy(() -> read("{\"method\":\"neighbor\",\"fanouts\":[2]}"))
        .hasMessageContaining("fanouts");
    assertThatThrownBy(() -> read("{\"method\":\"neighbor\",\"sampler\":{\"topk\":2}}"))
        .hasMessageContaining("topk");
    assertThatThrownBy(() -> read("{\"method\":\"nieghbor\"}")).hasMessageContaining("nieghbor");
    assertThatThrownBy(() -> read("{\"seed\":3}")).hasMessageContaining("'method' is missing");
    assertThatThrownBy(() -> read("{\"method\":\"full\",\"seed\":\"x\"}"))
        .hasMessageContaining("\"x\"");
  }

  /** A command that mixes in the method flags, as infer does. */
  static final class Flags {
    @Mixin MethodOptions methodOptions;
  }

  @Test
  void givenFlagsOverlayTheRunsValues() throws Exception {
    BatchingSettings base = read(fixture("batching-all-flags-v1.json"));
    Flags flags = new Flags();
    CommandLine cl = new CommandLine(flags);
    var parsed = cl.parseArgs("--fanout", "1,2", "--alpha", "0.5", "--shadow-topk", "3");
    BatchingSettings s = flags.methodOptions.over(base, parsed::hasMatchedOption);
    assertThat(s.method("neighbor")).isEqualTo(new NeighborMethod(List.of(1, 2), 8, 42));
    assertThat(s.method("shadow")).isEqualTo(new ShadowMethod(3, 2e-4, 0.5, 512, 42));
    assertThat(s.method("ibmb-node")).isEqualTo(new IbmbNodeMethod(24, 0.5, 1e-4, 512, 3000));
    assertThat(s.method("saint-rw")).isEqualTo(base.method("saint-rw"));
    // the base is a value: unchanged
    assertThat(base.method("neighbor")).isEqualTo(new NeighborMethod(List.of(7, 7, 6), 8, 42));
    // every flag reaches the command through the one registry
    assertThat(cl.getCommandSpec().options().stream().map(o -> o.longestName()).toList())
        .contains("--topk", "--parts", "--fanout", "--saint-roots", "--shadow-eps");
  }
}
