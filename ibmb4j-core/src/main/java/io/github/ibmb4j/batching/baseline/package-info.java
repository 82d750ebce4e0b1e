/**
 * Baseline batching methods the paper compares IBMB against (reference §2.4), behind the same planner
 * and sampler roles: Cluster-GCN, GraphSAINT, neighbour sampling, LADIES, ShaDow, random batching.
 */
package io.github.ibmb4j.batching.baseline;
