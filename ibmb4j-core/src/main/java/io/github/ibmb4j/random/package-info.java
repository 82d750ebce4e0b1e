/** Seeded random helpers every layer may use (leaf package): every random choice flows from a {@link java.util.SplittableRandom}. */
package io.github.ibmb4j.random;
