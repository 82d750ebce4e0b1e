/** Kernel implementations behind {@link io.github.ibmb4j.tensor.Kernels}: the scalar specification and SIMD variants. */
package io.github.ibmb4j.tensor.internal;
