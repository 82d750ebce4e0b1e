package io.github.ibmb4j.serving;

import java.util.List;

/**
 * One prediction request: existing node ids of the stored graph and, optionally, new nodes (inductive
 * requests) with their features and their edges to existing nodes and to each other. New nodes exist
 * only for this request: the stored graph is never changed, and no other request sees them.
 *
 * @param nodes ids of existing nodes to predict (duplicates are answered once per occurrence)
 * @param newNodes new nodes to predict (empty for none)
 * @param embeddings whether to return each node's final hidden representation
 */
public record PredictRequest(int[] nodes, List<NewNode> newNodes, boolean embeddings) {

  public PredictRequest {
    if (nodes == null) {
      throw new IllegalArgumentException("nodes is null, expected an array of node ids");
    }
    newNodes = newNodes == null ? List.of() : List.copyOf(newNodes);
  }

  /** A request for existing nodes only, without embeddings. */
  public static PredictRequest of(int... nodes) {
    return new PredictRequest(nodes, List.of(), false);
  }

  /** The same request with embeddings switched on or off. */
  public PredictRequest withEmbeddings(boolean on) {
    return new PredictRequest(nodes, newNodes, on);
  }

  /** The same request with these new nodes. */
  public PredictRequest withNewNodes(List<NewNode> nodes) {
    return new PredictRequest(this.nodes, nodes, embeddings);
  }

  /** Existing plus new nodes. */
  public int size() {
    return nodes.length + newNodes.size();
  }

  /**
   * A node that is not in the stored graph (inductive prediction). Edges are undirected: an edge to
   * existing node u also gives u this node as a neighbour within the request.
   *
   * @param features the feature row (the dataset's feature count, finite values)
   * @param neighbors ids of existing nodes it is connected to
   * @param newNeighbors indices (into the request's {@code newNodes}) of new nodes it is connected to
   */
  public record NewNode(float[] features, int[] neighbors, int[] newNeighbors) {
    public NewNode {
      if (features == null) {
        throw new IllegalArgumentException("new node features is null, expected a feature array");
      }
      neighbors = neighbors == null ? new int[0] : neighbors;
      newNeighbors = newNeighbors == null ? new int[0] : newNeighbors;
    }
  }
}
