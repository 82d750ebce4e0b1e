package io.github.ibmb4j.serve;

import static io.github.ibmb4j.serve.ServerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ibmb4j.serving.Prediction;
import io.github.ibmb4j.serving.PredictRequest;
import io.github.ibmb4j.serving.Predictions;
import io.github.ibmb4j.serving.PredictorOptions;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The HTTP service against a real server on an ephemeral loopback port: every endpoint, every error
 * status, concurrent clients, metrics and access log; answers compared with the predictor's own.
 */
class PredictionServerTest {
  static ServerFixture f;

  @BeforeAll
  static void start() {
    f = new ServerFixture(PredictorOptions.defaults().withMaxNodesPerRequest(50),
        ServerFixture.serveOptions());
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  private static String features(int n, String fill) {
    return IntStream.range(0, n).mapToObj(i -> i == 2 ? fill : "0.25").collect(Collectors.joining(","));
  }

  private static void assertSame(JsonNode got, Prediction want) {
    assertThat(got.get("predicted").asInt()).isEqualTo(want.predicted());
    assertThat(got.get("label_name").asText()).isEqualTo(ServerFixture.NAMES.get(want.predicted()));
    assertThat((float) got.get("probability").asDouble()).isEqualTo(want.probability());
    float[] p = new float[got.get("probabilities").size()];
    for (int c = 0; c < p.length; c++) {
      p[c] = (float) got.get("probabilities").get(c).asDouble();
    }
    assertThat(p).containsExactly(want.probabilities());
    if (want.label() >= 0) {
      assertThat(got.get("label").asInt()).isEqualTo(want.label());
    } else {
      assertThat(got.get("label").isNull()).isTrue();
    }
  }

  @Test
  void predictAnswersWhatThePredictorComputesForTheSameNodes() {
    HttpResponse<String> r = f.post("/v1/predict", "{\"nodes\":[17,4,17]}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("application/json"));
    JsonNode j = json(r);
    assertThat(j.get("method").asText()).isEqualTo(f.predictor.options().method());
    assertThat(j.get("batches").asInt()).isPositive();
    assertThat(j.get("merged_requests").asInt()).isEqualTo(1);
    JsonNode ps = j.get("predictions");
    assertThat(ps.size()).isEqualTo(3);
    // alone in its micro-batch, the request has the outputs {4, 17}, as a direct call with them
    Predictions want = f.predictor.predict(17, 4, 17);
    for (int i = 0; i < 3; i++) {
      assertThat(ps.get(i).get("node").asInt()).isEqualTo(want.get(i).node());
      assertSame(ps.get(i), want.get(i));
      assertThat(ps.get(i).has("embedding")).isFalse();
      double sum = 0;
      for (JsonNode x : ps.get(i).get("probabilities")) {
        sum += x.asDouble();
      }
      assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    }
  }

  @Test
  void embeddingsOnRequest() {
    JsonNode p = json(f.post("/v1/predict", "{\"nodes\":[5],\"embedding\":true}")).get("predictions").get(0);
    Prediction want = f.predictor.predict(PredictRequest.of(5).withEmbeddings(true)).get(0);
    assertThat(p.get("embedding").size()).isEqualTo(want.embedding().length).isPositive();
    for (int i = 0; i < want.embedding().length; i++) {
      assertThat((float) p.get("embedding").get(i).asDouble()).isEqualTo(want.embedding()[i]);
    }
  }

  @Test
  void newNodesArePredictedWithoutChangingTheStoredGraph() {
    String body = "{\"nodes\":[1],\"new_nodes\":[{\"features\":[" + features(TrainedRun.FEATURES, "1.5")
        + "],\"neighbors\":[1,2],\"new_neighbors\":[1]},{\"features\":["
        + features(TrainedRun.FEATURES, "-0.5") + "],\"neighbors\":[3]}]}";
    HttpResponse<String> r = f.post("/v1/predict", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode ps = json(r).get("predictions");
    assertThat(ps.size()).isEqualTo(3);
    assertThat(ps.get(0).get("node").asInt()).isEqualTo(1);
    assertThat(ps.get(1).get("new_node").asInt()).isEqualTo(0);
    assertThat(ps.get(1).has("node")).isFalse();
    assertThat(ps.get(1).get("label").isNull()).isTrue();
    assertThat(ps.get(2).get("new_node").asInt()).isEqualTo(1);
    // the stored graph is untouched: node 1 alone is answered as before the request
    Prediction after = f.predictor.predict(1).get(0);
    assertSame(json(f.post("/v1/predict", "{\"nodes\":[1]}")).get("predictions").get(0), after);
  }

  @Test
  void nodeEndpoint() {
    HttpResponse<String> r = f.get("/v1/nodes/42");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode p = json(r);
    assertThat(p.get("node").asInt()).isEqualTo(42);
    assertSame(p, f.predictor.predict(42).get(0));
    assertThat(p.has("embedding")).isFalse();
    assertThat(json(f.get("/v1/nodes/42?embedding=true")).get("embedding").size()).isPositive();
  }

  @Test
  void modelHealthAndOpenApi() throws Exception {
    JsonNode m = json(f.get("/v1/model"));
    var info = f.predictor.info();
    assertThat(m.get("datasetFingerprint").asText()).isEqualTo(info.datasetFingerprint()).hasSize(64);
    assertThat(m.get("numNodes").asInt()).isEqualTo(TrainedRun.NODES);
    assertThat(m.get("numFeatures").asInt()).isEqualTo(TrainedRun.FEATURES);
    assertThat(m.get("model").get("type").asText()).isEqualTo("gcn");
    assertThat(m.get("model").get("numLayers").asInt()).isEqualTo(3);
    assertThat(m.get("trainingMethod").asText()).isEqualTo("ibmb-node");
    assertThat(m.get("training").isObject()).isTrue();
    assertThat(m.get("labelNames").size()).isEqualTo(TrainedRun.CLASSES);

    HttpResponse<String> h = f.get("/health");
    assertThat(h.statusCode()).isEqualTo(200);
    assertThat(json(h).get("status").asText()).isEqualTo("ok");

    HttpResponse<String> o = f.get("/openapi.json");
    assertThat(o.statusCode()).isEqualTo(200);
    JsonNode api = json(o);
    assertThat(api.get("openapi").asText()).startsWith("3.");
    // the documented routes are exactly the served ones
    Set<PredictionServer.Route> documented = new HashSet<>();
    for (Iterator<String> it = api.get("paths").fieldNames(); it.hasNext(); ) {
      String path = it.next();
      for (Iterator<String> ms = api.get("paths").get(path).fieldNames(); ms.hasNext(); ) {
        documented.add(new PredictionServer.Route(ms.next().toUpperCase(java.util.Locale.ROOT), path));
      }
    }
    assertThat(documented).containsExactlyInAnyOrderElementsOf(PredictionServer.ROUTES);
    // and the documented schemas match real answers
    JsonNode schemas = api.get("components").get("schemas");
    assertMatchesSchema(json(f.post("/v1/predict", "{\"nodes\":[3],\"embedding\":true}")),
        schemas.get("PredictResponse"));
    assertMatchesSchema(json(f.get("/v1/nodes/3")), schemas.get("Prediction"));
    assertMatchesSchema(json(f.post("/v1/predict", "{\"new_nodes\":[{\"features\":["
        + features(TrainedRun.FEATURES, "1") + "]}]}")).get("predictions").get(0),
        schemas.get("Prediction"));
    assertMatchesSchema(m, schemas.get("ModelInfo"));
    assertMatchesSchema(json(h), schemas.get("Health"));
    assertMatchesSchema(json(f.get("/v1/nodes/-1")), schemas.get("Error"));
    assertMatchesSchema(json(f.post("/v1/predict", "{\"nodes\":[1], \"x\":1}")), schemas.get("Error"));
    JsonNode req = schemas.get("PredictRequest").get("properties");
    assertThat(iterable(req.fieldNames())).containsExactlyInAnyOrder("nodes", "new_nodes", "embedding");
    assertThat(iterable(schemas.get("NewNode").get("properties").fieldNames()))
        .containsExactlyInAnyOrder("features", "neighbors", "new_neighbors");
  }

  private static List<String> iterable(Iterator<String> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  /** Every field of the answer is documented; every required one is present. */
  private static void assertMatchesSchema(JsonNode answer, JsonNode schema) {
    List<String> documented = iterable(schema.get("properties").fieldNames());
    assertThat(iterable(answer.fieldNames())).as("fields of %s", answer).isSubsetOf(documented);
    for (JsonNode r : schema.get("required")) {
      assertThat(answer.has(r.asText())).as("required %s in %s", r.asText(), answer).isTrue();
    }
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource(delimiter = '|', value = {
      "{                                          | 400 | $",
      "[1,2]                                      | 400 | $",
      "''                                         | 400 | $",
      "{\"nodes\":[-1]}                           | 400 | nodes[0]",
      "{\"nodes\":[2,3000]}                       | 400 | nodes[1]",
      "{\"nodes\":[1.5]}                          | 400 | nodes[0]",
      "{\"nodes\":[99999999999]}                  | 400 | nodes[0]",
      "{\"nodes\":\"7\"}                          | 400 | nodes",
      "{\"nodes\":[]}                             | 400 | nodes",
      "{\"nodes\":[1],\"extra\":1}                | 400 | extra",
      "{\"nodes\":[1],\"embedding\":\"yes\"}      | 400 | embedding",
      "{\"new_nodes\":[{\"features\":[1,2,3]}]}   | 400 | new_nodes[0].features",
      "{\"new_nodes\":[{\"neighbors\":[1]}]}      | 400 | new_nodes[0].features",
      "{\"new_nodes\":[{\"features\":[NaN]}]}     | 400 | new_nodes[0].features",
      "{\"new_nodes\":[7]}                        | 400 | new_nodes[0]",
  })
  void badBodiesGet4xxNamingTheField(String body, int status, String field) {
    HttpResponse<String> r = f.post("/v1/predict", body);
    assertError(r, status, field);
  }

  @Test
  void nanAndWrongNeighborsInNewNodesAreNamed() {
    assertError(f.post("/v1/predict", "{\"new_nodes\":[{\"features\":[" + features(TrainedRun.FEATURES,
        "NaN") + "]}]}"), 400, "new_nodes[0].features[2]");
    assertError(f.post("/v1/predict", "{\"new_nodes\":[{\"features\":[" + features(TrainedRun.FEATURES,
        "1") + "],\"neighbors\":[3000]}]}"), 400, "new_nodes[0].neighbors[0]");
    assertError(f.post("/v1/predict", "{\"new_nodes\":[{\"features\":[" + features(TrainedRun.FEATURES,
        "1") + "],\"new_neighbors\":[4]}]}"), 400, "new_nodes[0].new_neighbors[0]");
  }

  @Test
  void tooManyNodesTooLargeBodyAndWrongContentType() {
    String many = IntStream.range(0, 51).mapToObj(Integer::toString).collect(Collectors.joining(","));
    HttpResponse<String> r = f.post("/v1/predict", "{\"nodes\":[" + many + "]}");
    assertError(r, 400, "nodes");
    assertThat(json(r).get("expected").asText()).contains("at most 50");

    String huge = "{\"nodes\":[" + "1,".repeat(40_000) + "1]}";
    assertError(f.post("/v1/predict", huge), 413, "body");

    HttpResponse<String> t = f.send(HttpRequest.newBuilder(f.uri("/v1/predict"))
        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{\"nodes\":[1]}"))
        .build());
    assertError(t, 415, "Content-Type");
    // the server is still healthy after all that
    assertThat(f.post("/v1/predict", "{\"nodes\":[1]}").statusCode()).isEqualTo(200);
  }

  @Test
  void badPathsAndMethods() {
    assertError(f.get("/v1/nodes/abc"), 400, "id");
    assertError(f.get("/v1/nodes/-3"), 404, "id");
    assertError(f.get("/v1/nodes/3000"), 404, "id");
    assertError(f.get("/v1/nothing"), 404, "path");
    HttpResponse<String> m = f.get("/v1/predict");
    assertError(m, 405, "method");
    assertThat(m.headers().firstValue("Allow")).hasValue("POST");
    assertError(f.send(HttpRequest.newBuilder(f.uri("/v1/model")).DELETE().build()), 405, "method");
  }

  static void assertError(HttpResponse<String> r, int status, String field) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("json"));
    JsonNode e = json(r);
    assertThat(iterable(e.fieldNames())).containsExactly("error", "field", "expected");
    assertThat(e.get("error").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(e.get("field").asText()).isEqualTo(field);
  }

  @Test
  void concurrentClientsGetTheirOwnNodes() throws Exception {
    int clients = 16;
    int perClient = 15;
    long before = f.predictor.stats().requests();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        SplittableRandom rnd = new SplittableRandom(c);
        done.add(pool.submit(() -> {
          for (int i = 0; i < perClient; i++) {
            int[] nodes = rnd.ints(1 + rnd.nextInt(5), 0, TrainedRun.NODES).toArray();
            String body = "{\"nodes\":" + java.util.Arrays.toString(nodes).replace(" ", "") + "}";
            HttpResponse<String> r = f.post("/v1/predict", body);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode ps = json(r).get("predictions");
            assertThat(ps.size()).isEqualTo(nodes.length);
            for (int k = 0; k < nodes.length; k++) {
              assertThat(ps.get(k).get("node").asInt()).isEqualTo(nodes[k]);
              assertThat(ps.get(k).get("probabilities").size()).isEqualTo(TrainedRun.CLASSES);
            }
          }
          return perClient;
        }));
      }
      int total = 0;
      for (Future<Integer> d : done) {
        total += d.get(120, TimeUnit.SECONDS);
      }
      assertThat(total).isEqualTo(clients * perClient);
      assertThat(f.predictor.stats().requests() - before).isEqualTo((long) clients * perClient);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void metricsInPrometheusFormat() {
    f.post("/v1/predict", "{\"nodes\":[8,9]}");
    f.post("/v1/predict", "{\"nodes\":[8,9]}");
    f.get("/v1/nodes/-1");
    HttpResponse<String> r = f.get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    String m = r.body();
    assertThat(m).contains("ibmb_http_requests_total{method=\"POST\",route=\"/v1/predict\",status=\"200\"}")
        .contains("ibmb_http_errors_total{route=\"/v1/nodes/{id}\",status=\"404\"}")
        .contains("ibmb_http_request_duration_seconds_bucket{route=\"/v1/predict\",le=")
        .contains("ibmb_http_request_duration_seconds_count{route=\"/v1/predict\"}")
        .contains("ibmb_predict_request_nodes_bucket")
        .contains("ibmb_predict_merged_requests_bucket")
        .contains("ibmb_predictor_batches_total")
        .contains("ibmb_predictor_batch_nodes_total")
        .contains("ibmb_predictor_cache_hits_total")
        .contains("ibmb_predictor_cache_hit_ratio")
        .contains("ibmb_predictor_queued_requests")
        .contains("ibmb_http_in_flight_requests");
    assertThat(sample(m, "ibmb_predictor_cache_hit_ratio")).isBetween(0.0, 1.0);
  }

  @Test
  void cacheHitRateOfIbmbNodeRequests() {
    // node-wise IBMB pushes a PPR vector per output node and caches it
    try (ServerFixture ibmb = new ServerFixture(PredictorOptions.defaults().withMethod("ibmb-node"),
        ServerFixture.serveOptions())) {
      assertThat(json(ibmb.post("/v1/predict", "{\"nodes\":[8,9]}")).get("method").asText())
          .isEqualTo("ibmb-node");
      ibmb.post("/v1/predict", "{\"nodes\":[8,9]}");
      String m = ibmb.get("/metrics").body();
      assertThat(sample(m, "ibmb_predictor_cache_misses_total")).isEqualTo(2);
      assertThat(sample(m, "ibmb_predictor_cache_hits_total")).isEqualTo(2);
      assertThat(sample(m, "ibmb_predictor_cache_hit_ratio")).isEqualTo(0.5);
    }
  }

  private static double sample(String exposition, String name) {
    return exposition.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst()
        .orElseThrow();
  }

  @Test
  void oneStructuredAccessLinePerRequest() {
    f.accessLines.clear();
    f.post("/v1/predict", "{\"nodes\":[10,11,12]}");
    f.get("/v1/nodes/abc");
    // the line is written just after the answer is sent
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (f.accessLines.size() < 2 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    List<String> lines = List.copyOf(f.accessLines);
    assertThat(lines).hasSize(2);
    assertThat(lines).anySatisfy(l -> assertThat(l).matches("method=POST path=/v1/predict status=200 latency_ms=[0-9.]+ "
        + "nodes=3 remote=127\\.0\\.0\\.1"));
    assertThat(lines).anySatisfy(l -> assertThat(l).matches("method=GET path=/v1/nodes/abc status=400 latency_ms=[0-9.]+ "
        + "nodes=- remote=127\\.0\\.0\\.1"));
  }

  @Test
  void requestTimeoutIs504() {
    try (ServerFixture slow = new ServerFixture(
        PredictorOptions.defaults().withBatchWindow(Duration.ofMillis(1500)),
        ServerFixture.serveOptions().withRequestTimeout(Duration.ofMillis(100)))) {
      HttpResponse<String> r = slow.post("/v1/predict", "{\"nodes\":[1]}");
      assertThat(r.statusCode()).isEqualTo(504);
      assertThat(json(r).get("error").asText()).contains("100 ms");
    }
  }
}
