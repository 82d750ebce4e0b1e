package io.github.ibmb4j.data;

import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.graph.GraphOps;
import java.util.Arrays;

/**
 * Summary statistics of a dataset, as {@code ibmb dataset info} reports them. Degrees are row lengths
 * without self-loops; edge homophily as in {@link GraphOps#edgeHomophily}. O(N log N + E); deterministic.
 *
 * @param nodes N
 * @param undirectedEdges undirected edges, self-loops not counted
 * @param selfLoops nodes with a self-loop
 * @param isolatedNodes nodes without a neighbour other than themselves
 * @param features feature dimension F
 * @param sparseFeatures whether the features are stored sparse
 * @param featureNonZeros stored feature entries (N·F when dense)
 * @param classes C
 * @param unlabelled nodes with label -1
 * @param splitSets number of split sets
 * @param train size of the chosen split's training set
 * @param val its validation set size
 * @param test its test set size
 * @param homophily edge homophily (NaN without labelled edges)
 * @param degreeMin minimum degree
 * @param degreeMean mean degree
 * @param degreeMedian median degree
 * @param degreeMax maximum degree
 * @param labelHistogram nodes per class
 */
public record DatasetStats(int nodes, long undirectedEdges, long selfLoops, int isolatedNodes,
    int features, boolean sparseFeatures, long featureNonZeros, int classes, int unlabelled,
    int splitSets, int train, int val, int test, double homophily, int degreeMin,
    double degreeMean, double degreeMedian, int degreeMax, int[] labelHistogram) {

  /** Computes the statistics, reporting split set {@code splitIndex}. */
  public static DatasetStats of(Dataset d, int splitIndex) {
    if (splitIndex < 0 || (splitIndex >= d.splits().size() && !d.splits().isEmpty())) {
      throw new IllegalArgumentException("split index is " + splitIndex + ", expected 0.."
          + (d.splits().size() - 1));
    }
    CsrGraph g = d.graph();
    int n = g.numNodes();
    long loops = GraphOps.countSelfLoops(g);
    int[] deg = GraphOps.degrees(g);
    for (int v = 0; v < n; v++) {
      if (g.hasEdge(v, v)) {
        deg[v]--;
      }
    }
    long sum = 0;
    for (int x : deg) {
      sum += x;
    }
    int[] sorted = deg.clone();
    Arrays.sort(sorted);
    double median = n == 0 ? 0 : (n % 2 == 1 ? sorted[n / 2]
        : (sorted[n / 2 - 1] + (double) sorted[n / 2]) / 2);
    int[] hist = new int[d.numClasses()];
    int unl = 0;
    for (int y : d.labels()) {
      if (y >= 0 && y < hist.length) {
        hist[y]++;
      } else {
        unl++;
      }
    }
    long nnz = switch (d.features()) {
      case Features.Sparse s -> s.matrix().nnz();
      case Features.Dense x -> (long) x.numNodes() * x.dim();
      case Features.Mapped x -> (long) x.numNodes() * x.dim();
    };
    Split s = d.splits().isEmpty() ? null : d.splits().get(splitIndex);
    return new DatasetStats(n, (g.numEntries() - loops) / 2, loops, GraphOps.countIsolated(g),
        d.features().dim(), d.features() instanceof Features.Sparse, nnz, d.numClasses(), unl,
        d.splits().size(), s == null ? 0 : s.train().length, s == null ? 0 : s.val().length,
        s == null ? 0 : s.test().length, GraphOps.edgeHomophily(g, d.labels()),
        n == 0 ? 0 : sorted[0], n == 0 ? 0 : (double) sum / n, median, n == 0 ? 0 : sorted[n - 1],
        hist);
  }
}
