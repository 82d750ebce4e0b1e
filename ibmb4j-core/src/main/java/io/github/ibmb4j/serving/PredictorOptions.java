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
 *   <li>{@code oneHop}: add every output's complete 1-hop neighbourhood to its auxiliary set;</li>
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
  private final boolean oneHop;
  private final boolean renormalize;
  private final int maxNodesPerRequest;
  private final int cacheSize;
  private final Duration batchWindow;
  private final int maxBatchNodes;
  private final int maxQueuedRequests;

  private PredictorOptions(String method, int topk, double eps, double alpha, int outputsPerBatch,
      boolean oneHop, boolean renormalize, int maxNodesPerRequest, int cacheSize,
      Duration batchWindow, int maxBatchNodes, int maxQueuedRequests) {
    String m = method == null ? "" : method.trim().toLowerCase(Locale.ROOT);
    if (!m.equals("ibmb-node") && !m.equals("full")) {
      throw new IllegalArgumentException("method is '" + method + "', expected ibmb-node or full");
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
    this.oneHop = oneHop;
    this.renormalize = renormalize;
    this.maxNodesPerRequest = maxNodesPerRequest;
    this.cacheSize = cacheSize;
    this.batchWindow = batchWindow;
    this.maxBatchNodes = maxBatchNodes;
    this.maxQueuedRequests = maxQueuedRequests;
  }

  /** The serving defaults (chosen from the measurements in {@code docs/serving.md}). */
  public static PredictorOptions defaults() {
    return new PredictorOptions("ibmb-node", 0, 0, 0, 0, false, false, 100_000, 100_000,
        Duration.ofMillis(2), 4096, 1024);
  }

  /**
   * Exactly the run's evaluation batches (its k, α, ε and output target, full-graph row values, no
   * added neighbours): a request for a whole split reproduces the split's inference bit for bit.
   */
  public static PredictorOptions trainingBatches() {
    return new PredictorOptions("ibmb-node", 0, 0, 0, 0, false, false, Integer.MAX_VALUE, 100_000,
        Duration.ofMillis(2), 4096, 1024);
  }

  private PredictorOptions copy(String method, int topk, double eps, double alpha,
      int outputsPerBatch, boolean oneHop, boolean renormalize, int maxNodesPerRequest,
      int cacheSize, Duration batchWindow, int maxBatchNodes, int maxQueuedRequests) {
    return new PredictorOptions(method, topk, eps, alpha, outputsPerBatch, oneHop, renormalize,
        maxNodesPerRequest, cacheSize, batchWindow, maxBatchNodes, maxQueuedRequests);
  }

  public PredictorOptions withMethod(String v) {
    return copy(v, topk, eps, alpha, outputsPerBatch, oneHop, renormalize, maxNodesPerRequest,
        cacheSize, batchWindow, maxBatchNodes, maxQueuedRequests);
  }

  public PredictorOptions withTopk(int v) {
    return copy(method, v, eps, alpha, outputsPerBatch, oneHop, renormalize, maxNodesPerRequest,
        cacheSize, batchWindow, maxBatchNodes, maxQueuedRequests);
  }

  public PredictorOptions withEps(double v) {
    return copy(method, topk, v, alpha, outputsPerBatch, oneHop, renormalize, maxNodesPerRequest,
        cacheSize, batchWindow, maxBatchNodes, maxQueuedRequests);
  }

  public PredictorOptions withAlpha(double v) {
    return copy(method, topk, eps, v, outputsPerBatch, oneHop, renormalize, maxNodesPerRequest,
        cacheSize, batchWindow, maxBatchNodes, maxQueuedRequests);
  }

  public PredictorOptions withOutputsPerBatch(int v) {
    return copy(method, topk, eps, alpha, v, oneHop, renormalize, maxNodesPerRequest, cacheSize,
        batchWindow, maxBatchNodes, maxQueuedRequests);
  }

  public PredictorOptions withOneHop(boolean v) {
    return copy(method, topk, eps, alpha, outputsPerBatch, v, renormalize, maxNodesPerRequest,
        cacheSize, batchWindow, maxBatchNodes, maxQueuedRequests);
  }

  public PredictorOptions withRenormalize(boolean v) {
    return copy(method, topk, eps, alpha, outputsPerBatch, oneHop, v, maxNodesPerRequest,
        cacheSize, batchWindow, maxBatchNodes, maxQueuedRequests);
  }

  public PredictorOptions withMaxNodesPerRequest(int v) {
    return copy(method, topk, eps, alpha, outputsPerBatch, oneHop, renormalize, v, cacheSize,
        batchWindow, maxBatchNodes, maxQueuedRequests);
  }

  public PredictorOptions withCacheSize(int v) {
    return copy(method, topk, eps, alpha, outputsPerBatch, oneHop, renormalize,
        maxNodesPerRequest, v, batchWindow, maxBatchNodes, maxQueuedRequests);
  }

  public PredictorOptions withBatchWindow(Duration v) {
    return copy(method, topk, eps, alpha, outputsPerBatch, oneHop, renormalize,
        maxNodesPerRequest, cacheSize, v, maxBatchNodes, maxQueuedRequests);
  }

  public PredictorOptions withMaxBatchNodes(int v) {
    return copy(method, topk, eps, alpha, outputsPerBatch, oneHop, renormalize,
        maxNodesPerRequest, cacheSize, batchWindow, v, maxQueuedRequests);
  }

  public PredictorOptions withMaxQueuedRequests(int v) {
    return copy(method, topk, eps, alpha, outputsPerBatch, oneHop, renormalize,
        maxNodesPerRequest, cacheSize, batchWindow, maxBatchNodes, v);
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

  public boolean oneHop() {
    return oneHop;
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
    m.put("oneHop", oneHop);
    m.put("renormalize", renormalize);
    m.put("maxNodesPerRequest", maxNodesPerRequest);
    m.put("cacheSize", cacheSize);
    m.put("batchWindowMillis", batchWindow.toNanos() / 1e6);
    m.put("maxBatchNodes", maxBatchNodes);
    m.put("maxQueuedRequests", maxQueuedRequests);
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
