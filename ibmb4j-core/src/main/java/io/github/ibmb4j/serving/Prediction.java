package io.github.ibmb4j.serving;

/**
 * The prediction for one node.
 *
 * @param node the existing node id, or -1 for a new node of the request
 * @param newNode the index of the new node in the request, or -1 for an existing node
 * @param predicted the predicted class (arg max of the probabilities, smallest class on ties)
 * @param probability the probability of the predicted class
 * @param probabilities the probability of every class (length C)
 * @param embedding the final hidden representation, or null when not requested
 * @param label the stored label of an existing node, or -1 (unlabelled or new)
 */
public record Prediction(int node, int newNode, int predicted, float probability,
    float[] probabilities, float[] embedding, int label) {

  /** Whether this is a new node of the request. */
  public boolean isNew() {
    return newNode >= 0;
  }
}
