/**
 * Influence-based mini-batching (docs/algorithm.md §1.3, §1.4): node-wise IBMB (push PPR top-k auxiliary
 * sets per output node, greedy merging of output nodes by pairwise PPR affinity) and batch-wise IBMB
 * (graph partitions, then topic-sensitive PPR per partition).
 */
package io.github.ibmb4j.batching.ibmb;
