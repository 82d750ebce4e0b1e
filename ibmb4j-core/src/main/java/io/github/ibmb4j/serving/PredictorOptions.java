package io.github.ibmb4j.serving;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Options of a {@link Predictor}, immutable; start from {@link #defaults()} (serving: accurate
 * neighbourhoods, see {@code docs/serving.md}) or {@link #trainingBatches()} (exactly the batches
 * whole-split evaluation uses) and change fields with the {@code with…} methods. Every value is
 * validated when set; a bad one is an {@link IllegalArgumentException} naming the field.
 *
 * <p>Neighbourhood (what each requested output node's batch holds):
 * <ul>
 *   <li>{@code topk}: auxiliary nodes per output node, its top-k PPR nodes (0 = the run's k);</li>
 *   <li>{@code eps}: the push threshold ε (0 = the run's ε);</li>
 *   <li>{@code alpha}: the teleport probability α (0 = the run's α);</li>
 *   <li>{@code outputsPerBatch}: the target of output nodes per batch before the paper's
 *       normalisation (0 = the run's evaluation target, twice its training target);</li>
 *   <li>{@code hops}: add every node within that many hops of each output to its batch (0 = none;
 *       {@code oneHop} is hops ≥ 1);</li>
 *   <li>{@code renormalize}: scale each batch row so that its kept entries carry the full graph's
 *       row sum (the aggregation then averages over the kept neighbours).</li>
 * </ul>
 * Serving: {@code method} ({@code ibmb-node} or {@code full}), {@code maxNodesPerRequest},
 * {@code cacheSize} (per-node PPR vectors kept, LRU), {@code batchWindow} and
 * {@code maxBatchNodes} (micro-batching of {@link Predictor#submit}), {@code maxQueuedRequests}.
 */
public final class PredictorOptions {
  private final String method;
  private final int topk;
  private final double eps;
  private final double alpha;
  private final int outputsPerBatch;
  private final int hops;
  private final boolean renormalize;
  private final int maxNodesPerRequest;
  private final int cacheSize;
  private final Duration batchWindow;
  private final int maxBatchNodes;
  private final int maxQueuedRequests;
  private final int lastHopFanout;

  private PredictorOptions(String method, int topk, double eps, double alpha, int outputsPerBatch,
      int hops, boolean renormalize, int maxNodesPerRequest, int cacheSize,
      Duration batchWindow, int maxBatchNodes, int maxQueuedRequests, int lastHopFanout) {
    String m = method == null ? "" : method.trim().toLowerCase(Locale.ROOT);
    if (!m.equals("ibmb-node") && !m.equals("full") && !m.equals("receptive-field")) {
      throw new IllegalArgumentException("method is '" + method
          + "', expected receptive-field, ibmb-node or full");
    }
    if (topk < 0) {
      throw new IllegalArgumentException("topk is " + topk + ", expected >= 1 (or 0 for the run's)");
    }
    if (!(eps == 0 || (eps > 0 && eps < 1))) {
      throw new IllegalArgumentException("eps is " + eps + ", expected in (0, 1) (or 0 for the run's)");
    }
    if (!(alpha == 0 || (alpha > 0 && alpha < 1))) {
      throw new IllegalArgumentException("alpha is " + alpha
          + ", expected in (0, 1) (or 0 for the run's)");
    }
    if (outputsPerBatch < 0) {
      throw new IllegalArgumentException("outputsPerBatch is " + outputsPerBatch
          + ", expected >= 1 (or 0 for the run's)");
    }
    if (hops < 0) {
      throw new IllegalArgumentException("hops is " + hops + ", expected >= 0");
    }
    if (maxNodesPerRequest < 1) {
      throw new IllegalArgumentException("maxNodesPerRequest is " + maxNodesPerRequest
          + ", expected >= 1");
    }
    if (cacheSize < 0) {
      throw new IllegalArgumentException("cacheSize is " + cacheSize + ", expected >= 0");
    }
    if (batchWindow == null || batchWindow.isNegative()) {
      throw new IllegalArgumentException("batchWindow is " + batchWindow + ", expected >= 0");
    }
    if (maxBatchNodes < 1) {
      throw new IllegalArgumentException("maxBatchNodes is " + maxBatchNodes + ", expected >= 1");
    }
    if (maxQueuedRequests < 1) {
      throw new IllegalArgumentException("maxQueuedRequests is " + maxQueuedRequests
          + ", expected >= 1");
    }
    this.method = m;
    this.topk = topk;
    this.eps = eps;
    this.alpha = alpha;
    this.outputsPerBatch = outputsPerBatch;
    this.hops = hops;
    this.renormalize = renormalize;
    this.maxNodesPerRequest = maxNodesPerRequest;
    this.cacheSize = cacheSize;
    this.batchWindow = batchWindow;
    this.maxBatchNodes = maxBatchNodes;
    this.maxQueuedRequests = maxQueuedRequests;
    if (lastHopFanout < 0) {
      throw new IllegalArgumentException("lastHopFanout is " + lastHopFanout
          + ", expected >= 1 (or 0 for all neighbours)");
    }
    this.lastHopFanout = lastHopFanout;
  }

  /** The serving defaults (chosen from the measurements in {@code docs/serving.md}). */
  public static PredictorOptions defaults() {
    return new PredictorOptions("receptive-field", 0, 0, 0, 0, 0, false, 100_000, 100_000,
        Duration.ofMillis(2), 4096, 1024, 0);
  }

  /**
   * Exactly the run's evaluation batches (its k, α, ε and output target, full-graph row values, no
   * added neighbours): a request for a whole split reproduces the split's inference bit for bit.
   */
  public static PredictorOptions trainingBatches() {
    return new PredictorOptions("ibmb-node", 0, 0, 0, 0, 0, false, Integer.MAX_VALUE, 100_000,
        Duration.ofMillis(2), 4096, 1024, 0);
  }

  private PredictorOptions copy(String method, int topk, double eps, double alpha,
      int outputsPerBatch, int hops, boolean renormalize, int maxNodesPerRequest,
      int cacheSize, Duration batchWindow, int maxBatchNodes, int maxQueuedRequests) {
    return new PredictorOptions(method, topk, eps, alpha, outputsPerBatch, hops, renormalize,
        maxNodesPerRequest, cacheSize, batchWindow, maxBatchNodes, maxQueuedRequests,
        lastHopFanout);
  }

  public PredictorOptions withMethod(String v) {
    return copy(v, topk, eps, alpha, outputsPerBatch, hops, renormalize, maxNodesPerRequest,
        cacheSize, batchWindow, maxBatchNodes, maxQueuedRequests);
  }

  public PredictorOptions withTopk(int v) {
    return copy(method, v, eps, alpha, outputsPerBatch, hops, renormalize, maxNodesPerRequest,
        cacheSize, batchWindow, maxBatchNodes, maxQueuedRequests);
  }

  public PredictorOptions withEps(double v) {
    return copy(method, topk, v, alpha, outputsPerBatch, hops, renormalize, maxNodesPerRequest,
        cacheSize, batchWindow, maxBatchNodes, maxQueuedRequests);
  }

  public PredictorOptions withAlpha(double v) {
    return copy(method, topk, eps, v, outputsPerBatch, hops, renormalize, maxNodesPerRequest,
        cacheSize, batchWindow, maxBatchNodes, maxQueuedRequests);
  }

  public PredictorOptions withOutputsPerBatch(int v) {
    return copy(method, topk, eps, alpha, v, hops, renormalize, maxNodesPerRequest, cacheSize,
        batchWindow, maxBatchNodes, maxQueuedRequests);
  }

  /** {@code withHops(v ? 1 : 0)}: each output's complete 1-hop neighbourhood, or none. */
  public PredictorOptions withOneHop(boolean v) {
    return withHops(v ? 1 : 0);
  }

  /**
   * Adds every node within {@code v} hops of each output node to its batch (0 = none). With as many
   * hops as the model has graph layers the batch holds each output's whole receptive field, and the
   * prediction equals full-graph inference (up to float summation order).
   */
  public PredictorOptions withHops(int v) {
    return copy(method, topk, eps, alpha, outputsPerBatch, v, renormalize, maxNodesPerRequest,
        cacheSize, batchWindow, maxBatchNodes, maxQueuedRequests);
  }

  public PredictorOptions withRenormalize(boolean v) {
    return copy(method, topk, eps, alpha, outputsPerBatch, hops, v, maxNodesPerRequest,
        cacheSize, batchWindow, maxBatchNodes, maxQueuedRequests);
  }

  public PredictorOptions withMaxNodesPerRequest(int v) {
    return copy(method, topk, eps, alpha, outputsPerBatch, hops, renormalize, v, cacheSize,
        batchWindow, maxBatchNodes, maxQueuedRequests);
  }

  public PredictorOptions withCacheSize(int v) {
    return copy(method, topk, eps, alpha, outputsPerBatch, hops, renormalize,
        maxNodesPerRequest, v, batchWindow, maxBatchNodes, maxQueuedRequests);
  }

  public PredictorOptions withBatchWindow(Duration v) {
    return copy(method, topk, eps, alpha, outputsPerBatch, hops, renormalize,
        maxNodesPerRequest, cacheSize, v, maxBatchNodes, maxQueuedRequests);
  }

  public PredictorOptions withMaxBatchNodes(int v) {
    return copy(method, topk, eps, alpha, outputsPerBatch, hops, renormalize,
        maxNodesPerRequest, cacheSize, batchWindow, v, maxQueuedRequests);
  }

  public PredictorOptions withMaxQueuedRequests(int v) {
    return copy(method, topk, eps, alpha, outputsPerBatch, hops, renormalize,
        maxNodesPerRequest, cacheSize, batchWindow, maxBatchNodes, v);
  }

  /**
   * Method {@code receptive-field}: neighbours kept per node at the deepest hop (0 = all, exact);
   * kept ones are the first in the seeded sampler's order and their rows are renormalised.
   */
  public PredictorOptions withLastHopFanout(int v) {
    return new PredictorOptions(method, topk, eps, alpha, outputsPerBatch, hops, renormalize,
        maxNodesPerRequest, cacheSize, batchWindow, maxBatchNodes, maxQueuedRequests, v);
  }

  public int lastHopFanout() {
    return lastHopFanout;
  }

  public String method() {
    return method;
  }

  public int topk() {
    return topk;
  }

  public double eps() {
    return eps;
  }

  public double alpha() {
    return alpha;
  }

  public int outputsPerBatch() {
    return outputsPerBatch;
  }

  /** Whether at least the complete 1-hop neighbourhood is added ({@code hops() >= 1}). */
  public boolean oneHop() {
    return hops >= 1;
  }

  public int hops() {
    return hops;
  }

  public boolean renormalize() {
    return renormalize;
  }

  public int maxNodesPerRequest() {
    return maxNodesPerRequest;
  }

  public int cacheSize() {
    return cacheSize;
  }

  public Duration batchWindow() {
    return batchWindow;
  }

  public int maxBatchNodes() {
    return maxBatchNodes;
  }

  public int maxQueuedRequests() {
    return maxQueuedRequests;
  }

  /** The options as an ordered map (for JSON rendering and run records). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("method", method);
    m.put("topk", topk);
    m.put("eps", eps);
    m.put("alpha", alpha);
    m.put("outputsPerBatch", outputsPerBatch);
    m.put("hops", hops);
    m.put("renormalize", renormalize);
    m.put("maxNodesPerRequest", maxNodesPerRequest);
    m.put("cacheSize", cacheSize);
    m.put("batchWindowMillis", batchWindow.toNanos() / 1e6);
    m.put("maxBatchNodes", maxBatchNodes);
    m.put("maxQueuedRequests", maxQueuedRequests);
    m.put("lastHopFanout", lastHopFanout);
    return m;
  }

  @Override
  public String toString() {
    return "PredictorOptions" + toMap();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PredictorOptions p && toMap().equals(p.toMap());
  }

  @Override
  public int hashCode() {
    return toMap().hashCode();
  }
}
