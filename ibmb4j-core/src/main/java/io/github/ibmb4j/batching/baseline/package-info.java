/**
 * Baseline batching methods the paper compares IBMB against (reference §2.4), behind the same planner
 * and sampler roles: Cluster-GCN, the random-grouping ablations of node-wise IBMB ('rand',
 * 'randfix'), full-graph batches, and (to come) GraphSAINT, neighbour sampling, LADIES and ShaDow.
 */
package io.github.ibmb4j.batching.baseline;
