/**
 * Optimisers and training-schedule helpers of docs/algorithm.md §1.8: {@link io.github.ibmb4j.optim.Adam}
 * (coupled L2), {@link io.github.ibmb4j.optim.AdamW} (decoupled),
 * {@link io.github.ibmb4j.optim.ReduceLrOnPlateau}, {@link io.github.ibmb4j.optim.EarlyStopping} and
 * {@link io.github.ibmb4j.optim.GradientAccumulation}. All expose their state as plain values for
 * resumable training. Imports {@code nn.Parameter} (the unit optimisers update).
 */
package io.github.ibmb4j.optim;
