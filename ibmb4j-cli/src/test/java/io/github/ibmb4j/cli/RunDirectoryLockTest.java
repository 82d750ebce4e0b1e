package io.github.ibmb4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #17, part 3: run directories exist only after validation, one writer at a time (a lock with
 * the holder's pid and host, taken over when its holder died), and the temporary files of a killed
 * run or conversion are cleaned by the next one.
 */
class RunDirectoryLockTest {
  @TempDir Path tmp;

  @Test
  void failedValidationLeavesNothingSoTheCorrectedCommandRuns() {
    Path out = tmp.resolve("run");
    String[] bad = UniformErrorsTest.train(out, "--method", "cluster-gcn", "--parts", "5000");
    Cli.run(bad).badInput("--parts is 5000");
    assertThat(out).doesNotExist();
    Cli.run(UniformErrorsTest.train(out, "--method", "cluster-gcn", "--parts", "4")).ok();
    assertThat(out.resolve(RunDirectory.CHECKPOINT)).exists();
  }

  @Test
  void secondWriterIsRefusedWhileTheFirstHoldsTheLock() throws Exception {
    Path out = tmp.resolve("run");
    try (RunDirectory.Lock lock = RunDirectory.lock(out)) {
      assertThat(lock.staleHolder()).isNull();
      assertThat(Files.readString(out.resolve(RunDirectory.LOCK)))
          .startsWith("pid " + ProcessHandle.current().pid() + " on ");
      Cli.run(UniformErrorsTest.train(out)).badInput("run directory " + out + " is in use by pid "
          + ProcessHandle.current().pid(), "choose another --out");
      assertThat(out.resolve(RunConfig.FILE)).doesNotExist();
    }
    Cli.run(UniformErrorsTest.train(out)).ok();
    assertThat(Files.readString(out.resolve(RunDirectory.LOCK))).isEmpty();
  }

  @Test
  void anotherProcessHoldingTheRunIsNamedAndItsStaleLockTakenOverAfterKill9() throws Exception {
    Path out = tmp.resolve("run");
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    // early stopping between 300 and 400 epochs: runs long enough to be found holding the lock
    cmd.addAll(List.of("train", "--dataset", UniformErrorsTest.DATA, "--max-epochs", "400",
        "--hidden", "8", "--outputs-per-batch", "60", "-q", "--threads", "1", "--out",
        out.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("child.log").toFile()).start();
    try {
      Path lock = out.resolve(RunDirectory.LOCK);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (p.isAlive() && System.nanoTime() < deadline
          && !(Files.isRegularFile(out.resolve(RunDirectory.STATE)))) {
        Thread.sleep(20);
      }
      assertThat(p.isAlive()).as("child log: %s", Files.readString(tmp.resolve("child.log"))).isTrue();
      // a new run is refused before the lock (the directory holds a run); a resume by the lock
      Cli.run(UniformErrorsTest.train(out)).badInput("already holds a run");
      Cli.run("train", "--resume", out.toString(), "-q").badInput("is in use by pid " + p.pid()
          + " on ");
      p.destroyForcibly(); // SIGKILL: the lock file still names the child
      p.waitFor(30, TimeUnit.SECONDS);
      assertThat(Files.readString(lock)).startsWith("pid " + p.pid() + " on ");
      // fewer epochs than the child would have run: the resumed run finishes quickly
      Path cfg = out.resolve(RunConfig.FILE);
      Files.writeString(cfg, Files.readString(cfg).replace("\"maxEpochs\" : 400", "\"maxEpochs\" : 3")
          .replace("\"minEpochs\" : 300", "\"minEpochs\" : 3"));
      String err = UniformErrorsTest.processErr(() ->
          Cli.run("train", "--resume", out.toString()).ok());
      assertThat(err).contains("took over the lock of a run that no longer runs (pid " + p.pid());
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void resumeCleansTheTemporaryFilesOfAKilledRun() throws Exception {
    Path out = tmp.resolve("run");
    Cli.run(UniformErrorsTest.train(out)).ok();
    long dead = deadPid();
    List<Path> leftovers = List.of(
        Files.writeString(out.resolve(".predictions-test.csv.4711.tmp"), "partial"),
        Files.writeString(out.resolve(".record.json." + dead + "-1.tmp"), "partial"),
        Files.writeString(out.resolve("batches").resolve(".abc.batches." + dead + "-2.tmp"), "x"));
    Files.writeString(out.resolve(RunDirectory.LOCK), "pid " + dead + " on elsewhere\n");
    Cli.run("train", "--resume", out.toString(), "-q").ok();
    for (Path p : leftovers) {
      assertThat(p).doesNotExist();
    }
    try (Stream<Path> s = Files.walk(out)) {
      assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp"))).isEmpty();
    }
  }

  @Test
  void interruptedConversionIsCleanedByTheNextIntoTheSameParent() throws Exception {
    long dead = deadPid();
    Path leftover = Files.createDirectories(tmp.resolve(".conv.tmp-" + dead + "-k3x9"));
    Files.writeString(leftover.resolve("dataset.ibmb"), "partial");
    Cli.run("dataset", "convert", "--dataset", UniformErrorsTest.DATA, "--out",
        tmp.resolve("conv").toString(), "-q").ok();
    assertThat(leftover).doesNotExist();
    assertThat(tmp.resolve("conv").resolve("dataset.ibmb")).exists();
  }

  static long deadPid() {
    for (long p = 4_194_304L + 17; ; p++) {
      if (ProcessHandle.of(p).isEmpty()) {
        return p;
      }
    }
  }
}
