/**
 * Baseline batching methods the paper compares IBMB against (docs/algorithm.md §2.4), behind the same planner
 * and sampler roles. Fixed planners: Cluster-GCN, 'randfix', full-graph batches. Stochastic sources
 * ({@link io.github.ibmb4j.batching.BatchSampler}, the topology of fresh batches every epoch from (seed,
 * epoch)): GraphSAINT random walks ({@link io.github.ibmb4j.batching.baseline.SaintRwSampler}),
 * neighbour sampling ({@link io.github.ibmb4j.batching.baseline.NeighborSampler}), LADIES
 * ({@link io.github.ibmb4j.batching.baseline.LadiesSampler}), ShaDow-PPR with disjoint sub-graphs
 * ({@link io.github.ibmb4j.batching.baseline.ShadowSampler}) and 'rand' regrouped every epoch
 * ({@link io.github.ibmb4j.batching.baseline.RandomRegroupingSampler}).
 */
package io.github.ibmb4j.batching.baseline;
