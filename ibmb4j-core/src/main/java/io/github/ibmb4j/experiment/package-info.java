/** Experiments: run records with provenance, timings by phase and peak memory; comparison data. */
package io.github.ibmb4j.experiment;
