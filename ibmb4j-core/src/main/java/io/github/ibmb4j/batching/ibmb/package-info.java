/**
 * Influence-based mini-batching (IBMB) planners: node-wise IBMB (§1.3 of the reference: PPR top-k
 * auxiliary sets per output node, greedy merging of output nodes by pairwise PPR affinity) and its
 * merging kernels.
 */
package io.github.ibmb4j.batching.ibmb;
