package io.github.ibmb4j.serving;

import java.util.List;

/**
 * The answer to one request: one {@link Prediction} per requested node, existing nodes first in the
 * order asked, then the new nodes in request order.
 *
 * @param method the inference method (ibmb-node or full)
 * @param predictions the predictions
 * @param batches batches computed for the (micro-batched) computation this answer came from
 * @param batchNodes total nodes (outputs and auxiliary) of those batches
 * @param mergedRequests requests merged into that computation (1 without micro-batching)
 * @param seconds wall time of that computation (neighbourhoods, batches and forward passes)
 */
public record Predictions(String method, List<Prediction> predictions, int batches, long batchNodes,
    int mergedRequests, double seconds) {

  public Predictions {
    predictions = List.copyOf(predictions);
  }

  /** Number of predictions. */
  public int size() {
    return predictions.size();
  }

  /** Prediction i. */
  public Prediction get(int i) {
    return predictions.get(i);
  }

  /** The predicted classes in order. */
  public int[] predicted() {
    return predictions.stream().mapToInt(Prediction::predicted).toArray();
  }

  /** Accuracy over the predictions whose node has a label, or NaN if none has. */
  public double accuracy() {
    long n = 0;
    long ok = 0;
    for (Prediction p : predictions) {
      if (p.label() >= 0) {
        n++;
        if (p.label() == p.predicted()) {
          ok++;
        }
      }
    }
    return n == 0 ? Double.NaN : (double) ok / n;
  }

  /** Number of predictions whose node has a label. */
  public long labelled() {
    return predictions.stream().filter(p -> p.label() >= 0).count();
  }
}
