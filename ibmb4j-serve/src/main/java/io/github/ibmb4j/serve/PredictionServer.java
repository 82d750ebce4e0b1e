package io.github.ibmb4j.serve;

import io.github.ibmb4j.serving.Prediction;
import io.github.ibmb4j.serving.PredictRequest;
import io.github.ibmb4j.serving.Predictions;
import io.github.ibmb4j.serving.Predictor;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP prediction service: a Helidon SE web server (one virtual thread per request) in front of
 * a {@link Predictor}, whose micro-batcher merges the concurrent requests into IBMB batches.
 *
 * <p><b>Routes</b> ({@link #ROUTES}, described by {@code GET /openapi.json}): {@code POST /v1/predict},
 * {@code GET /v1/nodes/{id}}, {@code GET /v1/model}, {@code GET /health}, {@code GET /metrics}
 * (Prometheus text), {@code GET /openapi.json}. Every error is a JSON body
 * {@code {"error", "field", "expected"}} with a 4xx/5xx status; an unexpected exception is logged
 * here and answered 500 without its stack trace.
 *
 * <p><b>Admission and overload.</b> At most {@link ServeOptions#maxInFlight()} prediction requests
 * are admitted at once (body read, queued or computing); past it, and when the predictor's own queue
 * is full, 503 with {@code Retry-After}. Bodies beyond {@link ServeOptions#maxBodyBytes()} are
 * refused with 413 without being buffered. So memory is bounded by the admitted requests. A
 * prediction not answered within {@link ServeOptions#requestTimeout()} of its arrival gets 504.
 *
 * <p><b>Shutdown.</b> {@link #drain(Duration)} stops admitting (new requests get 503 and
 * {@code Connection: close}), waits for the requests in flight to be answered, then stops the
 * listener. The predictor is the caller's: it is read-only here and is not closed.
 *
 * <p>Thread-safe; every request logs one access line (see {@link AccessLog}).
 */
public final class PredictionServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PredictionServer.class);

  /** A route: method and path template (as in the OpenAPI document). */
  public record Route(String method, String path) {}

  /** Every route the server answers, in routing order. */
  public static final List<Route> ROUTES = List.of(
      new Route("POST", "/v1/predict"),
      new Route("GET", "/v1/nodes/{id}"),
      new Route("GET", "/v1/model"),
      new Route("GET", "/health"),
      new Route("GET", "/metrics"),
      new Route("GET", "/openapi.json"));

  private static final String JSON = "application/json";

  private final Predictor predictor;
  private final ServeOptions options;
  private final AccessLog accessLog;
  private final ServeMetrics metrics;
  private final Semaphore admission;
  private final AtomicInteger admitted = new AtomicInteger();
  private final AtomicInteger active = new AtomicInteger();
  private final byte[] openApi;
  private final byte[] modelInfo;
  private volatile boolean draining;
  private final WebServer server;

  private PredictionServer(Predictor predictor, ServeOptions options, AccessLog accessLog) {
    this.predictor = Objects.requireNonNull(predictor);
    this.options = options;
    this.accessLog = accessLog;
    this.admission = new Semaphore(options.maxInFlight());
    this.metrics = new ServeMetrics(predictor, admitted);
    this.openApi = readResource("openapi.json");
    Map<String, Object> info = new LinkedHashMap<>(predictor.info().toMap());
    info.put("labelNames", options.labelNames());
    this.modelInfo = PredictJson.json(info);
    this.server = WebServer.builder()
        .host(options.host())
        .port(options.port())
        .shutdownHook(false) // ServeMain drains on SIGTERM before stopping
        .routing(this::routes)
        .build();
  }

  /**
   * Starts a server for the predictor.
   *
   * @param accessLog receives one line per request ({@link AccessLog#slf4j()} in production)
   */
  public static PredictionServer start(Predictor predictor, ServeOptions options,
      AccessLog accessLog) {
    PredictionServer s = new PredictionServer(predictor, options, accessLog);
    s.server.start();
    return s;
  }

  /** The port listened on (the ephemeral one when the options asked for 0). */
  public int port() {
    return server.port();
  }

  /** The Prometheus text exposition of the metrics (what {@code GET /metrics} returns). */
  public String scrapeMetrics() {
    return metrics.scrape();
  }

  private void routes(HttpRouting.Builder r) {
    r.post("/v1/predict", handler("/v1/predict", true, this::predict));
    r.get("/v1/nodes/{id}", handler("/v1/nodes/{id}", true, this::node));
    r.get("/v1/model", handler("/v1/model", false, (req, res, x) -> send(res, 200, modelInfo)));
    r.get("/health", handler("/health", false, this::health));
    r.get("/metrics", handler("/metrics", false, (req, res, x) -> {
      res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
      res.send(metrics.scrape().getBytes(StandardCharsets.UTF_8));
    }));
    r.get("/openapi.json", handler("/openapi.json", false, (req, res, x) -> send(res, 200, openApi)));
    // anything else: 405 for a known path with another method, else 404
    r.any(handler("other", false, (req, res, x) -> {
      String path = req.path().path();
      for (Route route : ROUTES) {
        if (matches(route.path(), path)) {
          res.header(HeaderNames.ALLOW, allowed(route.path()));
          throw new ApiException(405, "method " + req.prologue().method().text() + " is not allowed on "
              + path, "method", allowed(route.path()), 0);
        }
      }
      throw new ApiException(404, "no route for " + path, "path",
          "one of " + ROUTES.stream().map(Route::path).distinct().toList(), 0);
    }));
  }

  private static boolean matches(String template, String path) {
    if (template.endsWith("{id}")) {
      String prefix = template.substring(0, template.length() - "{id}".length());
      return path.startsWith(prefix) && path.length() > prefix.length()
          && path.indexOf('/', prefix.length()) < 0;
    }
    return template.equals(path);
  }

  private static String allowed(String template) {
    return String.join(", ", ROUTES.stream().filter(r -> r.path().equals(template))
        .map(Route::method).toList());
  }

  /** What a handler learns for the access log. */
  private static final class Exchange {
    int nodes = -1;
  }

  @FunctionalInterface
  private interface Endpoint {
    void handle(ServerRequest req, ServerResponse res, Exchange x) throws Exception;
  }

  /**
   * The one place that counts, admits, times, logs and maps failures to JSON errors, around every
   * endpoint.
   */
  private Handler handler(String route, boolean prediction, Endpoint endpoint) {
    return (req, res) -> {
      long t0 = System.nanoTime();
      Exchange x = new Exchange();
      boolean holdsPermit = false;
      active.incrementAndGet(); // before the draining check: drain() waits for this count
      int status;
      try {
        if (draining) {
          res.header(HeaderNames.CONNECTION, "close");
          throw ApiException.unavailable("the server is shutting down", 1);
        }
        if (prediction) {
          if (!admission.tryAcquire()) {
            throw ApiException.unavailable("too many requests in flight (" + options.maxInFlight()
                + "); retry later", 1);
          }
          holdsPermit = true;
          admitted.incrementAndGet();
        }
        endpoint.handle(req, res, x);
        status = res.status().code();
      } catch (ApiException e) {
        status = e.status();
        sendError(res, e);
      } catch (Exception e) {
        LOG.error("{} {} failed", req.prologue().method().text(), req.path().path(), e);
        status = 500;
        sendError(res, new ApiException(500, "internal error: " + e.getClass().getSimpleName(),
            null, null, 0));
      } finally {
        if (holdsPermit) {
          admitted.decrementAndGet();
          admission.release();
        }
        active.decrementAndGet();
      }
      long nanos = System.nanoTime() - t0;
      String method = req.prologue().method().text();
      metrics.request(method, route, status, nanos);
      accessLog.log(method, req.path().rawPath(), status, nanos, x.nodes, req.remotePeer().host());
    };
  }

  private void sendError(ServerResponse res, ApiException e) {
    if (res.isSent()) {
      return;
    }
    if (e.retryAfterSeconds() > 0) {
      res.header(HeaderNames.RETRY_AFTER, Integer.toString(e.retryAfterSeconds()));
    }
    send(res, e.status(), PredictJson.error(e.getMessage(), e.field(), e.expected()));
  }

  private static void send(ServerResponse res, int status, byte[] body) {
    res.status(status);
    res.header(HeaderNames.CONTENT_TYPE, JSON);
    res.send(body);
  }

  private void predict(ServerRequest req, ServerResponse res, Exchange x) throws Exception {
    long t0 = System.nanoTime();
    var ct = req.headers().contentType();
    if (ct.isPresent() && !ct.get().mediaType().text().toLowerCase(Locale.ROOT).contains("json")) {
      throw new ApiException(415, "Content-Type is " + ct.get().text() + ", expected "
          + "application/json", "Content-Type", JSON, 0);
    }
    PredictRequest request = PredictJson.parseRequest(readBody(req));
    x.nodes = request.size();
    Predictions p = await(request, t0);
    metrics.prediction(p.size(), p.mergedRequests());
    send(res, 200, PredictJson.write(p, options.labelNames()));
  }

  private void node(ServerRequest req, ServerResponse res, Exchange x) throws Exception {
    long t0 = System.nanoTime();
    String raw = req.path().pathParameters().get("id");
    int n = predictor.info().numNodes();
    int id;
    try {
      id = Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("id is '" + raw + "', expected an integer node id", "id",
          "a node id in [0, " + n + ")");
    }
    if (id < 0 || id >= n) {
      throw new ApiException(404, "node " + id + " is not in the graph (" + n + " nodes)", "id",
          "a node id in [0, " + n + ")", 0);
    }
    boolean embedding = req.query().first("embedding").map(v -> v.equalsIgnoreCase("true"))
        .orElse(false);
    x.nodes = 1;
    Predictions p = await(PredictRequest.of(id).withEmbeddings(embedding), t0);
    metrics.prediction(1, p.mergedRequests());
    Prediction q = p.get(0);
    send(res, 200, PredictJson.writeOne(q, options.labelNames()));
  }

  private void health(ServerRequest req, ServerResponse res, Exchange x) {
    var s = predictor.stats();
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("status", "ok");
    h.put("nodes", predictor.info().numNodes());
    h.put("inFlight", admitted.get());
    h.put("queued", s.queued());
    h.put("requests", s.requests());
    send(res, 200, PredictJson.json(h));
  }

  /** Submits to the micro-batcher and waits at most the rest of the request timeout. */
  private Predictions await(PredictRequest request, long t0) throws Exception {
    CompletableFuture<Predictions> f;
    try {
      f = predictor.submit(request);
    } catch (IllegalArgumentException e) {
      throw ApiException.fromValidation(e);
    } catch (RejectedExecutionException e) {
      throw ApiException.unavailable("the prediction queue is full; retry later", 1);
    } catch (IllegalStateException e) {
      throw ApiException.unavailable("the predictor is closed", 1);
    }
    long left = options.requestTimeout().toNanos() - (System.nanoTime() - t0);
    try {
      return f.get(Math.max(left, 0), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new ApiException(504, "the prediction took longer than the request timeout of "
          + options.requestTimeout().toMillis() + " ms", null, null, 0);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IllegalArgumentException iae) {
        throw ApiException.fromValidation(iae);
      }
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** The body, refused with 413 past the limit (by Content-Length, or while reading a chunked one). */
  private byte[] readBody(ServerRequest req) {
    long max = options.maxBodyBytes();
    String expected = "a body of at most " + max + " bytes";
    var declared = req.headers().contentLength();
    if (declared.isPresent() && declared.getAsLong() > max) {
      throw new ApiException(413, "the body has " + declared.getAsLong() + " bytes, expected at most "
          + max, "body", expected, 0);
    }
    try (InputStream in = req.content().inputStream()) {
      byte[] b = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
      if (b.length > max) {
        throw new ApiException(413, "the body has more than " + max + " bytes", "body", expected, 0);
      }
      return b;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] readResource(String name) {
    try (InputStream in = PredictionServer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Graceful shutdown: stops admitting (503 with {@code Connection: close}), waits up to
   * {@code timeout} for the requests in flight to be answered, then stops the listener.
   *
   * @return whether every in-flight request was answered within the timeout
   */
  public boolean drain(Duration timeout) {
    draining = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean drained;
    while (!(drained = active.get() == 0) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    server.stop();
    return drained;
  }

  /** Whether the listener is running. */
  public boolean isRunning() {
    return server.isRunning();
  }

  /** {@link #drain(Duration)} with the configured drain timeout. */
  @Override
  public void close() {
    if (server.isRunning()) {
      drain(options.drainTimeout());
    }
  }
}
