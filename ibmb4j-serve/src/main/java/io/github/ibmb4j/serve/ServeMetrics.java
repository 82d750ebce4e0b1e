package io.github.ibmb4j.serve;

import io.github.ibmb4j.serving.Predictor;
import io.github.ibmb4j.serving.PredictorStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;

/**
 * The service's Micrometer meters, scraped in Prometheus text format by {@code GET /metrics}:
 * <ul>
 *   <li>{@code ibmb_http_requests_total{method,route,status}} and
 *       {@code ibmb_http_errors_total{route,status}} (status ≥ 400);</li>
 *   <li>{@code ibmb_http_request_duration_seconds{route}}: latency histogram (Prometheus buckets);</li>
 *   <li>{@code ibmb_predict_request_nodes}: nodes per prediction request (histogram);</li>
 *   <li>{@code ibmb_predict_merged_requests}: requests merged into the micro-batch that answered a
 *       request (histogram; 1 = computed alone);</li>
 *   <li>from the predictor's counters: {@code ibmb_predictor_computations_total},
 *       {@code ibmb_predictor_batches_total}, {@code ibmb_predictor_batch_nodes_total} (their ratio is
 *       the mean IBMB batch size), {@code ibmb_predictor_cache_hits_total},
 *       {@code ibmb_predictor_cache_misses_total}, {@code ibmb_predictor_cache_hit_ratio},
 *       {@code ibmb_predictor_cache_entries}, {@code ibmb_predictor_queued_requests},
 *       {@code ibmb_predictor_rejected_total}; and {@code ibmb_http_in_flight_requests}.</li>
 * </ul>
 * Thread-safe (Micrometer meters are).
 */
final class ServeMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final DistributionSummary requestNodes;
  private final DistributionSummary mergedRequests;

  ServeMetrics(Predictor predictor, AtomicInteger inFlight) {
    requestNodes = DistributionSummary.builder("ibmb.predict.request.nodes")
        .description("Nodes (existing and new) per prediction request").baseUnit("nodes")
        .publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue(100_000.0)
        .register(registry);
    mergedRequests = DistributionSummary.builder("ibmb.predict.merged.requests")
        .description("Requests merged into the micro-batch that answered a request")
        .publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue(4096.0)
        .register(registry);
    counter("ibmb.predictor.computations", "Micro-batches computed", predictor, PredictorStats::computations);
    counter("ibmb.predictor.batches", "IBMB batches run through the model", predictor, PredictorStats::batches);
    counter("ibmb.predictor.batch.nodes", "Nodes (outputs and auxiliary) of those batches", predictor,
        PredictorStats::batchNodes);
    counter("ibmb.predictor.cache.hits", "Per-node PPR vectors found in the cache", predictor,
        PredictorStats::cacheHits);
    counter("ibmb.predictor.cache.misses", "Per-node PPR vectors pushed", predictor,
        PredictorStats::cacheMisses);
    counter("ibmb.predictor.rejected", "Submissions refused because the queue was full", predictor,
        PredictorStats::rejected);
    gauge("ibmb.predictor.cache.hit.ratio", "Cache hits / lookups since start", predictor,
        PredictorStats::cacheHitRate);
    gauge("ibmb.predictor.cache.entries", "Per-node PPR vectors cached", predictor,
        PredictorStats::cacheEntries);
    gauge("ibmb.predictor.queued.requests", "Requests waiting for the micro-batcher", predictor,
        PredictorStats::queued);
    // Micrometer holds gauge targets weakly: the counter itself (owned by the server), not a lambda
    Gauge.builder("ibmb.http.in.flight.requests", inFlight, AtomicInteger::get)
        .description("Prediction requests admitted and not yet answered").register(registry);
  }

  private void counter(String name, String help, Predictor p, ToDoubleFunction<PredictorStats> f) {
    FunctionCounter.builder(name, p, x -> f.applyAsDouble(x.stats())).description(help)
        .register(registry);
  }

  private void gauge(String name, String help, Predictor p, ToDoubleFunction<PredictorStats> f) {
    Gauge.builder(name, p, x -> f.applyAsDouble(x.stats())).description(help).register(registry);
  }

  /** Records one answered HTTP request. */
  void request(String method, String route, int status, long nanos) {
    String s = Integer.toString(status);
    Counter.builder("ibmb.http.requests").description("HTTP requests answered")
        .tags("method", method, "route", route, "status", s).register(registry).increment();
    if (status >= 400) {
      Counter.builder("ibmb.http.errors").description("HTTP requests answered with an error status")
          .tags("route", route, "status", s).register(registry).increment();
    }
    Timer.builder("ibmb.http.request.duration").description("Time from arrival to answer")
        .tags("route", route).publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Records one answered prediction request. */
  void prediction(int nodes, int merged) {
    requestNodes.record(nodes);
    mergedRequests.record(merged);
  }

  /** The Prometheus text exposition. */
  String scrape() {
    return registry.scrape();
  }
}
