package io.github.ibmb4j.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ibmb4j.cli.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A small model trained once per test JVM through {@code ibmb train} (so the run directory has
 * exactly the CLI's files): a 3-layer GCN, 3 epochs of node-wise IBMB on a seeded synthetic graph of
 * 3,000 nodes. Deleted at JVM exit.
 */
final class TrainedRun {
  static final String DATASET =
      "synthetic:nodes=3000,edges=15000,classes=5,features=16,homophily=0.7,seed=11";
  static final int NODES = 3000;
  static final int FEATURES = 16;
  static final int CLASSES = 5;

  private static Path dir;

  private TrainedRun() {}

  static synchronized Path dir() {
    if (dir == null) {
      try {
        Path root = Files.createTempDirectory("ibmb-serve-test");
        Path run = root.resolve("run");
        int code = Main.execute("train", "--dataset", DATASET, "--epochs", "3", "--hidden", "32",
            "--seed", "5", "--out", run.toString(), "-q", "--threads", "2");
        assertThat(code).as("ibmb train").isZero();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
        dir = run;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return dir;
  }

  private static void delete(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at exit
    }
  }
}
