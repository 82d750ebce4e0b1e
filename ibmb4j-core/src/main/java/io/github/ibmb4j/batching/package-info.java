/**
 * Mini-batches: planners choose node sets (output and auxiliary nodes) from topology, the
 * materialiser builds {@link io.github.ibmb4j.tensor.Batch} arrays, the cache stores them.
 */
package io.github.ibmb4j.batching;
