/**
 * Influence proxies for choosing auxiliary nodes (§1.2 of the reference): personalized PageRank by
 * forward push per output node ({@link io.github.ibmb4j.influence.PprPush}) with top-k selection
 * ({@link io.github.ibmb4j.influence.TopK}), stored as a compact {@link io.github.ibmb4j.influence.PprMatrix}.
 * Imports only {@code graph} (and the library's thread pool and progress listener).
 */
package io.github.ibmb4j.influence;
