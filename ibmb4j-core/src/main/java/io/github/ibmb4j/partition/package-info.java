/**
 * Graph partitioning (k-way, minimum edge cut under a balance constraint): the {@link
 * io.github.ibmb4j.partition.Partitioner} role, the METIS-style {@link
 * io.github.ibmb4j.partition.MultilevelPartitioner}, a {@link io.github.ibmb4j.partition.RandomPartitioner}
 * baseline, the immutable {@link io.github.ibmb4j.partition.Partitioning} result, quality measures,
 * and METIS graph-file I/O for comparing against {@code gpmetis}. Imports only {@code graph} (and the
 * library's thread pool).
 */
package io.github.ibmb4j.partition;
