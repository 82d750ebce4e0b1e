import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded loopback load generator for 'ibmb serve' (closed loop: each client sends its next
 * request when the previous one is answered). Prints one JSON line.
 *
 *   java scripts/bench/ServeLoad.java --port P --graph-nodes N --batch B --clients C --requests R
 *        [--seconds T] [--warmup W] [--seed S]
 *
 * Every request is POST /v1/predict with B distinct random node ids (seeded per client). The run
 * stops after R requests in all or T seconds (default 30), whichever comes first; W warm-up requests
 * (default 200, one client) are sent first and not counted.
 */
public final class ServeLoad {
  public static void main(String[] args) throws Exception {
    int port = 0;
    int graphNodes = 0;
    int batch = 1;
    int clients = 1;
    int requests = 1000;
    double seconds = 30;
    int warmup = 200;
    long seed = 1;
    for (int i = 0; i < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(v);
        case "--graph-nodes" -> graphNodes = Integer.parseInt(v);
        case "--batch" -> batch = Integer.parseInt(v);
        case "--clients" -> clients = Integer.parseInt(v);
        case "--requests" -> requests = Integer.parseInt(v);
        case "--seconds" -> seconds = Double.parseDouble(v);
        case "--warmup" -> warmup = Integer.parseInt(v);
        case "--seed" -> seed = Long.parseLong(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (port <= 0 || graphNodes <= 0) {
      throw new IllegalArgumentException("--port and --graph-nodes are required");
    }
    final int n = graphNodes;
    final int b = batch;
    URI uri = URI.create("http://127.0.0.1:" + port + "/v1/predict");
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    SplittableRandom warm = new SplittableRandom(seed ^ 0x5eed);
    for (int i = 0; i < warmup; i++) {
      send(client, uri, body(warm, graphNodes, batch));
    }
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    AtomicInteger remaining = new AtomicInteger(requests);
    AtomicInteger errors = new AtomicInteger();
    List<long[]> perClient = new ArrayList<>();
    int[] counts = new int[clients];
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long t0 = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      long[] lat = new long[requests];
      perClient.add(lat);
      int cc = c;
      SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + c);
      done.add(pool.submit(() -> {
        while (remaining.getAndDecrement() > 0 && System.nanoTime() < deadline) {
          String json = body(rnd, n, b);
          long s = System.nanoTime();
          int status = send(client, uri, json);
          long e = System.nanoTime() - s;
          if (status != 200) {
            errors.incrementAndGet();
          } else {
            lat[counts[cc]++] = e;
          }
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get(Math.max(1, (long) seconds * 2 + 60), TimeUnit.SECONDS);
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    pool.shutdown();
    int ok = Arrays.stream(counts).sum();
    long[] all = new long[ok];
    int k = 0;
    for (int c = 0; c < clients; c++) {
      System.arraycopy(perClient.get(c), 0, all, k, counts[c]);
      k += counts[c];
    }
    Arrays.sort(all);
    System.out.println(String.format(Locale.ROOT,
        "{\"batch\":%d,\"clients\":%d,\"ok\":%d,\"errors\":%d,\"seconds\":%.3f,"
            + "\"requests_per_s\":%.1f,\"predictions_per_s\":%.1f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,"
            + "\"max_ms\":%.3f}",
        batch, clients, ok, errors.get(), wall, ok / wall, (double) ok * batch / wall,
        pct(all, 0.50), pct(all, 0.99), ok == 0 ? Double.NaN : all[ok - 1] / 1e6));
  }

  private static double pct(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
  }

  private static String body(SplittableRandom rnd, int n, int batch) {
    StringBuilder sb = new StringBuilder(16 + 8 * batch).append("{\"nodes\":[");
    int[] ids = rnd.ints(0, n).distinct().limit(batch).toArray();
    for (int i = 0; i < ids.length; i++) {
      sb.append(i == 0 ? "" : ",").append(ids[i]);
    }
    return sb.append("]}").toString();
  }

  private static int send(HttpClient client, URI uri, String body) {
    try {
      HttpRequest r = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build();
      return client.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }
}
