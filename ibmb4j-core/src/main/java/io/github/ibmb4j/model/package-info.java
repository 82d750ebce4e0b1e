/**
 * GNN models of docs/algorithm.md §3.3: {@link io.github.ibmb4j.model.ModelSpec} (the validated,
 * serialisable description), {@link io.github.ibmb4j.model.GnnModel} with its GCN, GraphSAGE and GAT
 * implementations over {@link io.github.ibmb4j.tensor.Batch} (the model never sees
 * which batching method made a batch), and {@link io.github.ibmb4j.model.Checkpoints} in the
 * safetensors format.
 */
package io.github.ibmb4j.model;
