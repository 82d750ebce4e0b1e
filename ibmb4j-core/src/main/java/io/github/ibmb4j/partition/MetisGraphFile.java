package io.github.ibmb4j.partition;

import io.github.ibmb4j.files.AtomicFiles;
import io.github.ibmb4j.graph.CsrGraph;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a symmetric graph in the METIS graph-file format (METIS 5 manual §4.1.1) so that
 * {@code gpmetis} can partition the same graph: a header {@code n m [fmt]} with m undirected edges,
 * then one line per node listing its 1-based neighbours (optionally preceded by the node weight and
 * interleaved with edge weights); self-loops are dropped. Written to a temporary sibling and renamed
 * atomically. O(N + E) time, streaming.
 */
public final class MetisGraphFile {
  private MetisGraphFile() {}

  /**
   * Writes {@code graph} to {@code file}.
   *
   * @param nodeWeights null, or per-node weights (fmt flag 010)
   * @param edgeWeights null, or per-entry weights aligned with {@code graph.targets()} (fmt flag 001)
   */
  public static void write(CsrGraph graph, int[] nodeWeights, int[] edgeWeights, Path file)
      throws IOException {
    int n = graph.numNodes();
    long[] off = graph.offsets();
    int[] tgt = graph.targets();
    long entries = 0;
    for (int u = 0; u < n; u++) {
      for (int i = (int) off[u]; i < off[u + 1]; i++) {
        if (tgt[i] != u) {
          entries++;
        }
      }
    }
    if (entries % 2 != 0) {
      throw new IllegalArgumentException(
          "graph is not symmetric: " + entries + " non-loop entries is odd");
    }
    long edges = entries / 2;
    AtomicFiles.write(file, out -> {
      BufferedWriter w = new BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.US_ASCII));
      StringBuilder sb = new StringBuilder(256);
      sb.append(n).append(' ').append(edges);
      if (nodeWeights != null || edgeWeights != null) {
        sb.append(' ').append("0").append(nodeWeights != null ? '1' : '0')
            .append(edgeWeights != null ? '1' : '0');
      }
      w.write(sb.append('\n').toString());
      for (int u = 0; u < n; u++) {
        sb.setLength(0);
        if (nodeWeights != null) {
          sb.append(nodeWeights[u]);
        }
        for (int i = (int) off[u]; i < off[u + 1]; i++) {
          int v = tgt[i];
          if (v == u) {
            continue;
          }
          if (!sb.isEmpty()) {
            sb.append(' ');
          }
          sb.append(v + 1);
          if (edgeWeights != null) {
            sb.append(' ').append(edgeWeights[i]);
          }
        }
        w.write(sb.append('\n').toString());
      }
      w.flush();
    });
  }
}
