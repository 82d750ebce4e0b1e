package io.github.ibmb4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #17, part 1: every user error exits 2 with one line naming the option, file or key and what
 * was expected; --verbose adds the trace; running out of heap is one exit-1 line with the phase and
 * the IBMB_HEAP hint.
 */
class UniformErrorsTest {
  static final String DATA =
      "synthetic:nodes=300,edges=1500,classes=3,features=8,homophily=0.8,seed=1";
  @TempDir static Path shared;
  static Path run;
  @TempDir Path tmp;

  static String[] train(Path out, String... extra) {
    return Stream.concat(Stream.of("train", "--dataset", DATA, "--epochs", "2", "--hidden", "8",
        "--outputs-per-batch", "60", "-q", "--threads", "1", "--out", out.toString()),
        Stream.of(extra)).toArray(String[]::new);
  }

  @BeforeAll
  static void trainOnce() {
    run = shared.resolve("run");
    Cli.run(train(run)).ok();
  }

  static Path copyRun(Path to) throws Exception {
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(run)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        Files.copy(p, to.resolve(p.getFileName()));
      }
    }
    return to;
  }

  @Test
  void damagedCheckpointAndTrainStateAreBadInput() throws Exception {
    Path r = copyRun(tmp.resolve("r"));
    Path ck = r.resolve(RunDirectory.CHECKPOINT);
    byte[] b = Files.readAllBytes(ck);
    Files.write(ck, java.util.Arrays.copyOf(b, b.length / 2));
    Cli.run("infer", "--run", r.toString(), "-q").badInput(ck.toString(), "truncated");
    Path st = r.resolve(RunDirectory.STATE);
    byte[] s = Files.readAllBytes(st);
    s[s.length / 2] ^= 0x40;
    Files.write(st, s);
    Cli.run("train", "--resume", r.toString(), "-q").badInput(st.toString(), "corrupt");
  }

  @Test
  void inferOptionRangesAndSplitIndex() {
    Cli.run("infer", "--run", run.toString(), "--topk", "-1", "-q").badInput("--topk is -1", ">= 1");
    Cli.run("infer", "--run", run.toString(), "--outputs-per-batch", "-1", "-q")
        .badInput("--outputs-per-batch is -1");
    Cli.run("infer", "--run", run.toString(), "--split", "nope", "-q").badInput("--split is 'nope'");
  }

  @Test
  void splitIndexBeyondTheSplitsIsNamed() {
    Path out = tmp.resolve("t");
    Cli.run(train(out, "--split-index", "3")).badInput("--split-index is 3", "1 split");
    assertThat(out).doesNotExist();
    Cli.run("batches", "--dataset", DATA, "--split-index", "3", "-q").badInput("--split-index is 3");
  }

  @Test
  void outputPathsThatCannotBeWrittenAreNamed() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("pred.csv"));
    Cli.run("infer", "--run", run.toString(), "--predictions", dir.toString(), "-q")
        .badInput("--predictions " + dir, "is a directory");
    Path file = Files.writeString(tmp.resolve("plain"), "x");
    Path under = file.resolve("p.csv");
    Cli.run("infer", "--run", run.toString(), "--predictions", under.toString(), "-q")
        .badInput(under.toString());
    // a run directory whose path is blocked by a file
    Cli.run(train(file.resolve("run"))).badInput(file.toString());
  }

  @Test
  void parseErrorsAreOneLine() {
    Cli.run("train", "--epochs", "abc").badInput("--epochs", "'abc'", "ibmb train --help");
    Cli.run("train", "--no-such-option").badInput("--no-such-option");
    Cli.run("nope").badInput("nope");
  }

  @Test
  void messagesNameTheOption() {
    Path out = tmp.resolve("t");
    Cli.run("train", "--dataset", DATA, "--outputs-per-batch", "-1", "--out", out.toString())
        .badInput("--outputs-per-batch is -1", ">= 0");
    Cli.run("train", "--dataset", DATA, "--epochs", "-1", "--out", out.toString())
        .badInput("--epochs is -1", ">= 1");
    Cli.run("train", "--dataset", DATA, "--epochs", "0", "--out", out.toString())
        .badInput("--epochs is 0");
    Cli.run(Stream.of("train", "--dataset", DATA, "--min-epochs", "5", "--max-epochs", "3", "--out",
        out.toString()).toArray(String[]::new)).badInput("--min-epochs is 5", "--max-epochs (3)");
    assertThat(out).doesNotExist();
  }

  @Test
  void wrongTypeInRunConfigNamesTheKey() throws Exception {
    Path r = copyRun(tmp.resolve("r"));
    Path cfg = r.resolve(RunConfig.FILE);
    String json = Files.readString(cfg);
    assertThat(json).contains("\"maxEpochs\" : 2");
    Files.writeString(cfg, json.replace("\"maxEpochs\" : 2", "\"maxEpochs\" : \"two\""));
    Cli.run("infer", "--run", r.toString(), "-q").badInput(cfg.toString(), "training.maxEpochs");
    Files.writeString(cfg, json.replace("\"maxEpochs\" : 2", "\"maxEpochs\" : -3"));
    Cli.run("train", "--resume", r.toString(), "-q").badInput("training", "maxEpochs is -3");
  }

  @Test
  void binaryYamlAndDirectoryConfig() throws Exception {
    Path bin = tmp.resolve("bin.yaml");
    Files.write(bin, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 0, (byte) 0x80, 1, 2, 3, (byte) 0xc3});
    Cli.run("train", "--config", bin.toString()).badInput(bin.toString(), "not valid YAML");
    Cli.run("train", "--config", tmp.toString()).badInput("--config " + tmp, "is a directory");
  }

  @Test
  void corruptCacheWarningRespectsQuiet() throws Exception {
    Path cache = tmp.resolve("cache");
    Cli.run("batches", "--dataset", DATA, "--cache", cache.toString(), "-q").ok();
    Path f;
    try (Stream<Path> s = Files.list(cache)) {
      f = s.filter(p -> p.toString().endsWith(".batches")).findFirst().orElseThrow();
    }
    byte[] b = Files.readAllBytes(f);
    b[b.length / 2] ^= 0x11;
    Files.write(f, b);
    // progress and warnings go to the process's stderr
    assertThat(processErr(() -> Cli.run("batches", "--dataset", DATA, "--cache", cache.toString(),
        "-q").ok())).isEmpty();
    Files.write(f, java.util.Arrays.copyOf(b, 10));
    assertThat(processErr(() -> Cli.run("batches", "--dataset", DATA, "--cache", cache.toString())
        .ok())).contains("unusable");
  }

  static String processErr(Runnable r) {
    java.io.PrintStream saved = System.err;
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(saved);
    }
    return buf.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void verboseStillGivesTheTrace() {
    Cli c = Cli.run("infer", "--run", run.toString(), "--topk", "-1", "--verbose");
    assertThat(c.code()).isEqualTo(2);
    assertThat(c.err()).startsWith("ibmb: --topk is -1").contains("\tat io.github.ibmb4j.cli.");
  }

  @Test
  void outOfMemoryIsOneLineWithPhaseAndHeapHint() {
    var cl = Main.commandLine();
    StringWriter err = new StringWriter();
    CurrentPhase.reset();
    var phase = new CurrentPhase(io.github.ibmb4j.progress.ProgressListener.NONE);
    phase.start("PPR push", 10);
    int code = ExitCodes.report(new IllegalStateException(new OutOfMemoryError("Java heap space")),
        cl.getSubcommands().get("train"), new PrintWriter(err, true));
    assertThat(code).isEqualTo(ExitCodes.INTERNAL);
    assertThat(err.toString().strip().split("\n")).hasSize(1);
    assertThat(err.toString()).startsWith("ibmb: out of memory in 'ibmb train' during PPR push")
        .contains("IBMB_HEAP").doesNotContain("\tat ");
    CurrentPhase.reset();
  }
}
