/**
 * Training and inference over any {@link io.github.ibmb4j.batching.BatchSource}: trainer, evaluator,
 * metrics, model selection and early stopping, full-graph inference.
 */
package io.github.ibmb4j.train;
