/**
 * Influence scores approximated by personalized PageRank (docs/algorithm.md §1.2, §1.4): forward push per
 * output node ({@link io.github.ibmb4j.influence.PprPush}) with top-k selection
 * ({@link io.github.ibmb4j.influence.TopK}), stored as a compact
 * {@link io.github.ibmb4j.influence.PprMatrix}, and topic-sensitive PPR by power iteration for many
 * teleport sets at once ({@link io.github.ibmb4j.influence.PprPowerIteration}). Imports only
 * {@code graph} (and the library's thread pool and progress listener).
 */
package io.github.ibmb4j.influence;
