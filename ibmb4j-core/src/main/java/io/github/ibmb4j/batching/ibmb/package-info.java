/**
 * Influence-based mini-batching (reference §1.3, §1.4): node-wise IBMB (push PPR per output node, then
 * merging) and batch-wise IBMB (graph partitions, then topic-sensitive PPR per partition).
 */
package io.github.ibmb4j.batching.ibmb;
