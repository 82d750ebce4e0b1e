package io.github.ibmb4j.train;

/**
 * The result of running a model over every batch of a source without dropout.
 *
 * @param loss node-weighted mean NLL over the labelled output nodes
 * @param accuracy accuracy over the labelled output nodes
 * @param macroF1 macro-F1 over the labelled output nodes
 * @param nodes global id of every output node, in batch order
 * @param predicted predicted class per output node
 * @param probability probability of the predicted class per output node
 * @param labels true label per output node (-1 unknown)
 * @param seconds wall-clock seconds of the pass (batch construction excluded for fixed sources)
 */
public record Evaluation(double loss, double accuracy, double macroF1, int[] nodes, int[] predicted,
    float[] probability, int[] labels, double seconds) {

  /** Number of output nodes evaluated. */
  public int size() {
    return nodes.length;
  }
}
