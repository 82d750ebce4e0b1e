package io.github.ibmb4j.data;

import io.github.ibmb4j.graph.CsrGraph;
import java.util.List;

/**
 * A node-classification dataset: a symmetric graph (as stored: self-loops only if the source had
 * them; consumers add them with {@code GraphOps.withSelfLoops}), node features, labels and one or more
 * splits.
 *
 * @param name short name (e.g. {@code cora})
 * @param graph the symmetric graph
 * @param features one row per node
 * @param labels class per node in [0, numClasses), or -1 for unlabelled
 * @param numClasses C
 * @param splits at least one split; the first is the default
 */
public record Dataset(
    String name, CsrGraph graph, Features features, int[] labels, int numClasses, List<Split> splits) {

  public Dataset {
    int n = graph.numNodes();
    if (features.numNodes() != n) {
      throw new IllegalArgumentException(
          "features have " + features.numNodes() + " rows, graph has " + n + " nodes");
    }
    if (labels.length != n) {
      throw new IllegalArgumentException(
          "labels have length " + labels.length + ", graph has " + n + " nodes");
    }
    splits = List.copyOf(splits);
  }

  /** Number of nodes N. */
  public int numNodes() {
    return graph.numNodes();
  }

  /** The default (first) split. */
  public Split split() {
    if (splits.isEmpty()) {
      throw new IllegalStateException("dataset " + name + " has no split");
    }
    return splits.get(0);
  }
}
