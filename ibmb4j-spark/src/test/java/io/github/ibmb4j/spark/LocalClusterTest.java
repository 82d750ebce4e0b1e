package io.github.ibmb4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ibmb4j.testing.SharedData;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs on a real multi-JVM cluster: {@code local-cluster[2,1,1024]} (a master and two workers in
 * this JVM, each executor its own JVM started from {@code SPARK_HOME/jars}), so task serialisation,
 * file distribution and executor start-up are exercised; and the loss of an executor JVM in the
 * middle of a job, after which Spark's task retry must give the identical plan.
 */
@Tag("slow")
class LocalClusterTest {
  private static SparkSession spark;

  @TempDir static Path tmp;

  @BeforeAll
  static void start() throws Exception {
    // SPARK_HOME (set by Surefire) gets jars/ with links to every jar of the test class path and an
    // empty RELEASE file, the layout Spark's launcher expects of an installation
    Path home = Path.of(System.getenv("SPARK_HOME"));
    Path jars = home.resolve("jars");
    Files.createDirectories(jars);
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    for (String e : cp.split(File.pathSeparator)) {
      Path p = Path.of(e);
      Path link = jars.resolve(p.getFileName().toString());
      if (e.endsWith(".jar") && Files.isRegularFile(p) && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(link, p.toAbsolutePath());
      }
    }
    if (!Files.exists(home.resolve("RELEASE"))) {
      Files.createFile(home.resolve("RELEASE"));
    }
    spark = SparkMain.session("local-cluster[2,1,1024]", "ibmb4j local-cluster test");
    spark.sparkContext().setLogLevel("WARN");
    SparkJobsTest.useSession(spark, tmp);
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  /** Waits (at most 2 min) until both executors are registered: the driver and two executor JVMs. */
  static void awaitTwoExecutors() throws InterruptedException {
    // a killed executor is replaced by its worker, which takes a JVM start-up
    for (int i = 0; i < 1200 && spark.sparkContext().getExecutorMemoryStatus().size() < 3; i++) {
      Thread.sleep(100);
    }
    assertThat(spark.sparkContext().getExecutorMemoryStatus().size()).isEqualTo(3);
  }

  @Test
  void planAndPredictionsOnTwoExecutorJvmsEqualTheCli() throws Exception {
    awaitTwoExecutors();
    Path ds = SparkJobsTest.roundTrip("cora");
    JsonNode cliPlan = SparkJobsTest.cli("batches", "--dataset",
        SharedData.graphNpz("cora").toString(), "--method", "ibmb-node", "--split", "test",
        "--no-features");
    JsonNode plan = SparkJobsTest.job("plan", "--dataset", ds.toString(), "--split", "test",
        "--tasks", "4");
    assertThat(plan.get("planDigest").asText()).isEqualTo(cliPlan.get("planDigest").asText());
    Path run = tmp.resolve("run");
    SparkJobsTest.cli("train", "--dataset", SharedData.graphNpz("cora").toString(), "--method",
        "ibmb-node", "--epochs", "2", "--hidden", "16", "--out", run.toString());
    JsonNode infer = SparkJobsTest.cli("infer", "--run", run.toString(), "--method", "ibmb-node",
        "--split", "test");
    JsonNode pred = SparkJobsTest.job("predict", "--run", run.toString(), "--dataset", ds.toString(),
        "--split", "test", "--tasks", "4");
    assertThat(pred.get("predictionsDigest").asText())
        .isEqualTo(infer.get("predictionsDigest").asText());
  }

  @Test
  void losingAnExecutorMidJobGivesTheSamePlan() throws Exception {
    // many small tasks, so that the push stage is still running when the first task's executor dies
    String[] args = {"plan", "--dataset", SharedData.graphNpz("cora").toString(), "--split", "all",
        "--tasks", "64"};
    awaitTwoExecutors();
    String expected = SparkJobsTest.job(args).get("planDigest").asText();
    AtomicBoolean killed = new AtomicBoolean();
    AtomicInteger lostTasks = new AtomicInteger();
    AtomicInteger removed = new AtomicInteger();
    String app = spark.sparkContext().applicationId();
    SparkListener killer = new SparkListener() {
      @Override
      public void onTaskStart(SparkListenerTaskStart e) {
        // the first task of the next job: kill the JVM of the executor running it
        if (!e.taskInfo().executorId().equals("driver") && killed.compareAndSet(false, true)) {
          executorProcess(app, e.taskInfo().executorId()).ifPresent(ProcessHandle::destroyForcibly);
        }
      }

      @Override
      public void onTaskEnd(SparkListenerTaskEnd e) {
        if (!e.taskInfo().successful()) {
          lostTasks.incrementAndGet();
        }
      }

      @Override
      public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
        removed.incrementAndGet();
      }
    };
    spark.sparkContext().addSparkListener(killer);
    try {
      String actual = SparkJobsTest.job(args).get("planDigest").asText();
      // listener events arrive asynchronously
      for (int i = 0; i < 100 && (removed.get() == 0 || lostTasks.get() == 0); i++) {
        Thread.sleep(100);
      }
      assertThat(killed).isTrue();
      assertThat(removed.get()).as("executors removed").isPositive();
      assertThat(lostTasks.get()).as("tasks lost with the executor").isPositive();
      assertThat(actual).isEqualTo(expected);
    } finally {
      spark.sparkContext().removeSparkListener(killer);
    }
  }

  /** The executor JVM of this application with the given executor id (from /proc/PID/cmdline). */
  static Optional<ProcessHandle> executorProcess(String app, String executorId) {
    return ProcessHandle.allProcesses().filter(p -> {
      String cmd;
      try {
        cmd = new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")),
            java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
      } catch (java.io.IOException | RuntimeException e) {
        return false;
      }
      return cmd.contains("CoarseGrainedExecutorBackend") && cmd.contains(" " + app + " ")
          && cmd.contains("--executor-id " + executorId + " ");
    }).findFirst();
  }
}
