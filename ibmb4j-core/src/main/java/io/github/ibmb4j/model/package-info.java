/**
 * GNN models of docs/algorithm.md §3.3: {@link io.github.ibmb4j.model.ModelSpec} (the validated,
 * serialisable description), {@link io.github.ibmb4j.model.GnnModel} with its GCN, GraphSAGE and GAT
 * implementations over {@code batching.Batch}, and {@link io.github.ibmb4j.model.Checkpoints} in the
 * safetensors format.
 */
package io.github.ibmb4j.model;
