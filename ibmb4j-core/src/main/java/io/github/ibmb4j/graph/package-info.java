/**
 * Immutable CSR graphs and structural operations (symmetrise, self-loops, degrees, normalisation,
 * induced sub-graphs, permutations). A leaf package: it imports nothing else from ibmb4j.
 */
package io.github.ibmb4j.graph;
