package io.github.ibmb4j.graph;

/**
 * How adjacency values are normalised, with degrees d counted on the graph as given (so including the
 * self-loop once self-loops have been added, as in the paper's preprocessing).
 */
public enum Normalization {
  /** Random walk, Â = D⁻¹(A+I): entry (u, v) = 1 / d(u). Rows sum to one. */
  RW,
  /** Symmetric, Â = D^-½(A+I)D^-½: entry (u, v) = 1 / sqrt(d(u) d(v)). */
  SYM,
  /** Unnormalised: every entry 1. */
  NONE
}
