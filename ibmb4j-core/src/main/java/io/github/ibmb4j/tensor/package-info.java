/**
 * Dense and sparse float matrices, the compute kernels (scalar reference and Panama SIMD), and
 * {@link io.github.ibmb4j.tensor.Batch}, one mini-batch as arrays: what the batching layer's
 * materialiser builds and the model reads, so the two meet here and neither imports the other. A
 * leaf package.
 */
package io.github.ibmb4j.tensor;
