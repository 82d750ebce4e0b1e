/**
 * Batch orders across epochs (§1.7 of docs/algorithm.md): fixed maximum-divergence tours, divergence-weighted
 * random walks, plain shuffles. Depends only on batch summaries (output-label histograms), never on
 * batch contents.
 */
package io.github.ibmb4j.schedule;
