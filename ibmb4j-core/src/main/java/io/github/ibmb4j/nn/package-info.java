/**
 * Neural-network layers of the CPU GNN engine: {@link io.github.ibmb4j.nn.Parameter}, dense and graph
 * layers with explicit forward and backward passes ({@link io.github.ibmb4j.nn.Linear},
 * {@link io.github.ibmb4j.nn.GcnConv}, {@link io.github.ibmb4j.nn.SageConv},
 * {@link io.github.ibmb4j.nn.GatConv}, {@link io.github.ibmb4j.nn.LayerNorm}, activations,
 * {@link io.github.ibmb4j.nn.Dropout}) and the loss. Layers compose the {@code tensor.Kernels}
 * primitives; they keep what the backward pass needs in reusable buffers and are not thread-safe (one
 * model per training thread; the kernels parallelise internally).
 */
package io.github.ibmb4j.nn;
