/**
 * Dense and sparse float matrices and the compute kernels (scalar reference and Panama SIMD). A leaf
 * package.
 */
package io.github.ibmb4j.tensor;
