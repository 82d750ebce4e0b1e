package io.github.ibmb4j.serving;

/**
 * Counters of a {@link Predictor} since it was opened (a consistent-enough snapshot: each counter is
 * read atomically, not all together).
 *
 * @param requests requests answered (direct calls and submitted ones)
 * @param nodes predictions returned
 * @param computations neighbourhood-and-forward computations (a micro-batch is one)
 * @param batches IBMB batches run through the model
 * @param batchNodes nodes (outputs and auxiliary) of those batches
 * @param cacheHits per-node PPR vectors found in the cache
 * @param cacheMisses per-node PPR vectors pushed
 * @param cacheEntries vectors currently cached
 * @param queued submitted requests waiting for the micro-batcher
 * @param rejected submissions refused because the queue was full
 */
public record PredictorStats(long requests, long nodes, long computations, long batches,
    long batchNodes, long cacheHits, long cacheMisses, int cacheEntries, int queued, long rejected) {

  /** Cache hit rate in [0, 1], or 0 before any lookup. */
  public double cacheHitRate() {
    long n = cacheHits + cacheMisses;
    return n == 0 ? 0 : (double) cacheHits / n;
  }

  /** Mean requests per computation (the micro-batching factor), or 0 before any. */
  public double requestsPerComputation() {
    return computations == 0 ? 0 : (double) requests / computations;
  }
}
