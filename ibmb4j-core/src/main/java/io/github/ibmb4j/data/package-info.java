/**
 * Datasets (graph, features, labels, splits) and their readers and writers: NPZ/NPY, OGB raw
 * directories, edge lists, the project's memory-mappable binary format, and the synthetic generator.
 */
package io.github.ibmb4j.data;
