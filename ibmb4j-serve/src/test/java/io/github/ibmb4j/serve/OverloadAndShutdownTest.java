package io.github.ibmb4j.serve;

import static io.github.ibmb4j.serve.ServerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ibmb4j.serving.PredictorOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Bounded admission (503 with Retry-After past the limit), graceful shutdown while busy (the requests
 * in flight are answered, later ones refused), and the real process: SIGTERM drains and exits 0.
 */
class OverloadAndShutdownTest {

  /** Admitted prediction requests not yet answered, from the metrics. */
  private static int inFlight(ServerFixture f) {
    return (int) f.server.scrapeMetrics().lines()
        .filter(l -> l.startsWith("ibmb_http_in_flight_requests "))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst()
        .orElseThrow();
  }

  /** Polls until the server holds at least {@code n} admitted prediction requests. */
  private static void awaitInFlight(ServerFixture f, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (inFlight(f) < n) {
      assertThat(System.nanoTime()).as("%d requests in flight", n).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  @Test
  void pastTheAdmissionLimitIs503WithRetryAfter() throws Exception {
    // a long micro-batching window keeps the first two requests in flight
    try (ServerFixture f = new ServerFixture(
        PredictorOptions.defaults().withBatchWindow(Duration.ofMillis(1500)),
        ServerFixture.serveOptions().withMaxInFlight(2))) {
      var a = f.postAsync("/v1/predict", "{\"nodes\":[1]}");
      var b = f.postAsync("/v1/predict", "{\"nodes\":[2]}");
      awaitInFlight(f, 2);
      HttpResponse<String> c = f.post("/v1/predict", "{\"nodes\":[3]}");
      PredictionServerTest.assertError(c, 503, "null");
      assertThat(c.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(f.get("/v1/nodes/4").statusCode()).isEqualTo(503);
      // health and metrics stay available under overload
      assertThat(f.get("/health").statusCode()).isEqualTo(200);
      assertThat(f.get("/metrics").body()).contains("ibmb_http_errors_total{route=\"/v1/predict\",status=\"503\"}");
      assertThat(a.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(b.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      // both were merged into one micro-batch
      assertThat(json(a.get()).get("merged_requests").asInt()).isEqualTo(2);
      assertThat(f.post("/v1/predict", "{\"nodes\":[3]}").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void drainAnswersInFlightRequestsAndRefusesNewOnes() throws Exception {
    ServerFixture f = new ServerFixture(
        PredictorOptions.defaults().withBatchWindow(Duration.ofMillis(2000)),
        ServerFixture.serveOptions());
    try {
      List<CompletableFuture<HttpResponse<String>>> busy = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        busy.add(f.postAsync("/v1/predict", "{\"nodes\":[" + (100 + i) + "]}"));
      }
      // on a loaded machine not all eight may have arrived yet: those that have are in flight
      awaitInFlight(f, 1);
      Thread.sleep(300);
      int admitted = inFlight(f);
      CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(
          () -> f.server.drain(Duration.ofSeconds(30)));
      // while draining: refused with 503 and Connection: close (or the listener is already closed)
      Thread.sleep(50);
      try {
        HttpResponse<String> late = f.post("/v1/predict", "{\"nodes\":[1]}");
        PredictionServerTest.assertError(late, 503, "null");
      } catch (java.io.UncheckedIOException refused) {
        assertThat(f.server.isRunning()).isFalse();
      }
      // every admitted request is answered; one arriving after the drain began is refused
      int answered = 0;
      for (var r : busy) {
        try {
          HttpResponse<String> ok = r.get(30, TimeUnit.SECONDS);
          if (ok.statusCode() == 200) {
            assertThat(json(ok).get("predictions").size()).isEqualTo(1);
            answered++;
          } else {
            PredictionServerTest.assertError(ok, 503, "null");
          }
        } catch (java.util.concurrent.ExecutionException refused) {
          assertThat(refused).hasCauseInstanceOf(java.io.IOException.class);
        }
      }
      assertThat(answered).isGreaterThanOrEqualTo(admitted).isPositive();
      assertThat(drained.get(30, TimeUnit.SECONDS)).isTrue();
      assertThat(f.server.isRunning()).isFalse();
    } finally {
      f.close();
    }
  }

  @Test
  void sigtermDrainsAndExitsZero() throws Exception {
    Path run = TrainedRun.dir();
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-Xmx1g", "-cp", System.getProperty("java.class.path"),
        ServeMain.class.getName(), "--run", run.toString(), "--port", "0", "--batch-window-ms", "1500",
        "--threads", "2");
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
          StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).as("first line of ibmb serve").isNotNull();
      Matcher m = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)").matcher(line);
      assertThat(m.matches()).as(line).isTrue();
      int port = Integer.parseInt(m.group(1));
      try (var client = java.net.http.HttpClient.newHttpClient()) {
        var req = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/v1/predict"))
            .header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"nodes\":[5,6]}")).build();
        var inFlight = client.sendAsync(req, HttpResponse.BodyHandlers.ofString());
        Thread.sleep(500); // inside the 1.5 s micro-batching window
        p.destroy(); // SIGTERM
        HttpResponse<String> r = inFlight.get(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("predictions").size()).isEqualTo(2);
      }
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
      assertThat(p.exitValue()).isZero();
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void badOptionsExitTwo(@org.junit.jupiter.api.io.TempDir Path dir) {
    assertThat(ServeMain.execute("--run", dir.resolve("missing").toString(), "--port", "0")).isEqualTo(2);
    assertThat(ServeMain.execute("--run", TrainedRun.dir().toString(), "--port", "70000")).isEqualTo(2);
    assertThat(ServeMain.execute("--run", TrainedRun.dir().toString(), "--queue-size", "0")).isEqualTo(2);
    assertThat(ServeMain.execute("--run", TrainedRun.dir().toString(), "--method", "sage")).isEqualTo(2);
  }
}
