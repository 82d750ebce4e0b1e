/**
 * Influence scores approximated by personalized PageRank (reference §1.2, §1.4): per-node push PPR
 * with top-k selection, and topic-sensitive PPR by power iteration for many teleport sets at once
 * ({@link io.github.ibmb4j.influence.PprPowerIteration}). Imports only {@code graph}.
 */
package io.github.ibmb4j.influence;
