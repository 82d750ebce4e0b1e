/**
 * Serving: predictions of a trained model for chosen nodes ({@link io.github.ibmb4j.serving.Predictor}),
 * computed from the requested output nodes' own PPR neighbourhoods (no whole-split preprocessing),
 * with a per-node auxiliary-set cache, micro-batching of concurrent callers and inductive requests
 * (new nodes carried by the request). The layer above {@code train} and {@code experiment}.
 */
package io.github.ibmb4j.serving;
