package io.github.ibmb4j.serving;

import io.github.ibmb4j.model.ModelSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link Predictor} serves: the model, the dataset it predicts on and the run that trained it.
 *
 * @param spec the model spec (type, dimensions, layers)
 * @param parameters number of trainable scalars
 * @param dataset the dataset name
 * @param datasetFingerprint hex SHA-256 of the dataset content (graph, features, labels), as the batch
 *     cache keys it
 * @param numNodes nodes of the stored graph
 * @param numFeatures features per node (what a new node must carry)
 * @param numClasses classes
 * @param normalization the adjacency normalisation of batches and full-graph inference
 * @param trainingMethod the batching method the model was trained with (null when unknown)
 * @param training a summary of the run record (its top-level scalar fields; empty when absent)
 * @param options the predictor options
 */
public record ModelInfo(ModelSpec spec, long parameters, String dataset, String datasetFingerprint,
    int numNodes, int numFeatures, int numClasses, String normalization, String trainingMethod,
    Map<String, Object> training, PredictorOptions options) {

  public ModelInfo {
    training = Map.copyOf(training);
  }

  /** Everything as an ordered map of strings, numbers, booleans and nested maps (for JSON). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", spec.type().id());
    s.put("inputDim", spec.inputDim());
    s.put("hiddenDim", spec.hiddenDim());
    s.put("numClasses", spec.numClasses());
    s.put("numLayers", spec.numLayers());
    s.put("json", spec.toJson());
    m.put("model", s);
    m.put("parameters", parameters);
    m.put("dataset", dataset);
    m.put("datasetFingerprint", datasetFingerprint);
    m.put("numNodes", numNodes);
    m.put("numFeatures", numFeatures);
    m.put("numClasses", numClasses);
    m.put("normalization", normalization);
    m.put("trainingMethod", trainingMethod);
    m.put("training", new java.util.TreeMap<>(training));
    m.put("options", options.toMap());
    return m;
  }
}
