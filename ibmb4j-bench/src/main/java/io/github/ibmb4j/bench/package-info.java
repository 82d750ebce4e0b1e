/**
 * JMH benchmarks of the CPU kernels: GEMM variants against OpenBLAS sgemm (netlib JNI), CSR SpMM
 * against a STREAM-style triad measured in the same run. Built only with {@code -Pbench}.
 */
package io.github.ibmb4j.bench;
