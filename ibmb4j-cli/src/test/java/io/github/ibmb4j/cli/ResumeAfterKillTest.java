package io.github.ibmb4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ibmb4j.model.Checkpoints;
import io.github.ibmb4j.model.GnnModel;
import io.github.ibmb4j.train.TrainState;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #7's acceptance check: a training process killed with SIGKILL mid-run (a real process, not a
 * simulated exception) leaves a consistent run directory, and {@code train --resume} finishes with
 * exactly the weights of an uninterrupted run with the same seed.
 */
class ResumeAfterKillTest {
  private static final String DATASET =
      "synthetic:nodes=6000,edges=40000,classes=6,features=32,homophily=0.7,seed=3";

  private static List<String> trainArgs(Path out) {
    return List.of("train", "--dataset", DATASET, "--epochs", "14", "--hidden", "64", "--seed", "5",
        "--outputs-per-batch", "600", "--out", out.toString(), "-q", "--threads", "2");
  }

  @Test
  void killedRunResumesToIdenticalWeights(@TempDir Path dir) throws Exception {
    Path straight = dir.resolve("straight");
    assertThat(Main.execute(trainArgs(straight).toArray(String[]::new))).isZero();

    Path killed = dir.resolve("killed");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--add-modules");
    cmd.add("jdk.incubator.vector");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(trainArgs(killed));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("killed.log").toFile()).start();
    Path state = killed.resolve(RunDirectory.STATE);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    int seenEpoch = 0;
    while (p.isAlive() && System.nanoTime() < deadline) {
      if (Files.isRegularFile(state)) {
        seenEpoch = TrainState.read(state).nextEpoch();
        if (seenEpoch >= 3) {
          break;
        }
      }
      Thread.sleep(15);
    }
    assertThat(p.isAlive()).as("training process still running when killed (log: %s)",
        Files.readString(dir.resolve("killed.log"))).isTrue();
    p.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
    p.waitFor(30, TimeUnit.SECONDS);
    assertThat(Files.exists(killed.resolve(RunDirectory.CHECKPOINT))).isFalse();
    // every file in the directory is complete: no temporary leftovers are mistaken for state
    TrainState atKill = TrainState.read(state);
    assertThat(atKill.nextEpoch()).isBetween(3, 13);

    assertThat(Main.execute("train", "--resume", killed.toString(), "-q")).isZero();
    GnnModel a = Checkpoints.load(straight.resolve(RunDirectory.CHECKPOINT));
    GnnModel b = Checkpoints.load(killed.resolve(RunDirectory.CHECKPOINT));
    float[][] wa = a.snapshot();
    float[][] wb = b.snapshot();
    assertThat(wb.length).isEqualTo(wa.length);
    for (int i = 0; i < wa.length; i++) {
      assertThat(wb[i]).as("parameter %s", a.parameters().get(i).name()).containsExactly(wa[i]);
    }
    String recA = Files.readString(straight.resolve(RunDirectory.RECORD));
    assertThat(recA).contains("\"bestEpoch\"");
    assertThat(new File(killed.resolve("learning-curve-epoch.png").toString())).exists();
  }
}
