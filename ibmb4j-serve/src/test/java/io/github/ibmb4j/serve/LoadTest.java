package io.github.ibmb4j.serve;

import static io.github.ibmb4j.serve.ServerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ibmb4j.serving.PredictorOptions;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A bounded loopback load: 32 clients, 3,200 requests in all (1 to 100 nodes), at most 180 s. Every
 * answer is 200 with the requested nodes, concurrent requests were micro-batched, and the admission
 * and queue bounds held. Not a timing test: speed is measured by scripts/bench/serve-bench.sh.
 */
@Tag("slow")
class LoadTest {
  @Test
  void thirtyTwoClientsBounded() throws Exception {
    int clients = 32;
    int total = 3200;
    try (ServerFixture f = new ServerFixture(PredictorOptions.defaults(),
        ServerFixture.serveOptions().withMaxInFlight(64))) {
      AtomicInteger next = new AtomicInteger();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      List<Future<Integer>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        SplittableRandom rnd = new SplittableRandom(c);
        done.add(pool.submit(() -> {
          int answered = 0;
          while (next.getAndIncrement() < total && System.nanoTime() < deadline) {
            int[] nodes = rnd.ints(rnd.nextInt(10) == 0 ? 100 : 1, 0, TrainedRun.NODES).toArray();
            HttpResponse<String> r = f.post("/v1/predict", "{\"nodes\":"
                + java.util.Arrays.toString(nodes).replace(" ", "") + "}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(json(r).get("predictions").size()).isEqualTo(nodes.length);
            answered++;
          }
          return answered;
        }));
      }
      int answered = 0;
      for (Future<Integer> d : done) {
        answered += d.get(240, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertThat(answered).isEqualTo(total);
      var s = f.predictor.stats();
      assertThat(s.requests()).isEqualTo(total);
      assertThat(s.requestsPerComputation()).as("micro-batching factor").isGreaterThan(1.0);
      assertThat(s.queued()).isZero();
      assertThat(f.server.scrapeMetrics()).contains(
          "ibmb_http_requests_total{method=\"POST\",route=\"/v1/predict\",status=\"200\"} " + total);
    }
  }
}
