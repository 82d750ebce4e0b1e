package io.github.ibmb4j.partition;

import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.random.Shuffle;
import java.util.SplittableRandom;

/**
 * A baseline that ignores the edges: nodes are shuffled with a seeded Fisher–Yates permutation and dealt
 * to parts round-robin, so part sizes differ by at most one (for unit weights). Useful as the "no
 * structure" reference for edge cut and as a test oracle. O(N + E), deterministic for the seed,
 * thread-safe.
 *
 * @param seed the shuffle's seed
 */
public record RandomPartitioner(long seed) implements Partitioner {

  @Override
  public Partitioning partition(CsrGraph graph, int numParts, int[] nodeWeights, int[] edgeWeights) {
    int n = graph.numNodes();
    WeightedGraph.checkArguments(graph, numParts, nodeWeights, edgeWeights);
    int[] order = Shuffle.permutation(n, new SplittableRandom(seed));
    int[] part = new int[n];
    for (int i = 0; i < n; i++) {
      part[order[i]] = i % numParts;
    }
    return Partitioning.of(graph, numParts, part, nodeWeights, edgeWeights);
  }
}
