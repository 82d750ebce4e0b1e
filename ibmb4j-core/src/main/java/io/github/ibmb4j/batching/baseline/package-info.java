/**
 * Baseline batching methods the paper compares against; here the random-grouping ablations of
 * node-wise IBMB ('rand', 'randfix', §2.4 of the reference).
 */
package io.github.ibmb4j.batching.baseline;
