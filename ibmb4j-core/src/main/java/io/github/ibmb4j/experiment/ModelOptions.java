package io.github.ibmb4j.experiment;

import io.github.ibmb4j.model.ModelSpec;

/**
 * The model part of an experiment, before the dataset fixes input and class counts. Zero or negative
 * values mean "the paper's default for this model type" (§2.2): hidden 256 (GAT: 128 per head × 4
 * heads), 3 graph layers, dropout 0.5, weight decay 1e-4 for GCN and 0 for SAGE and GAT.
 *
 * @param type gcn, sage or gat
 * @param hidden hidden channels (per head for GAT), 0 = default
 * @param layers graph layers, 0 = default
 * @param heads GAT heads, 0 = default
 * @param dropout dropout probability, negative = default
 * @param weightDecay L2 coefficient of the decayed group, negative = default
 */
public record ModelOptions(ModelSpec.Type type, int hidden, int layers, int heads, double dropout,
    double weightDecay) {

  /** The paper's defaults for {@code type}. */
  public static ModelOptions defaults(ModelSpec.Type type) {
    return new ModelOptions(type, 0, 0, 0, -1, -1);
  }

  /** The full spec for a dataset with {@code inputDim} features and {@code numClasses} classes. */
  public ModelSpec resolve(int inputDim, int numClasses) {
    boolean gat = type == ModelSpec.Type.GAT;
    int h = hidden > 0 ? hidden : gat ? 128 : 256;
    int l = layers > 0 ? layers : 3;
    ModelSpec s = ModelSpec.of(type, inputDim, h, Math.max(2, numClasses), l);
    if (gat) {
      s = s.withHeads(heads > 0 ? heads : 4);
    } else if (heads > 1) {
      throw new IllegalArgumentException("heads is " + heads + " for " + type.id() + ", only gat has heads");
    }
    if (dropout >= 0) {
      s = s.withDropout((float) dropout);
    }
    double wd = weightDecay >= 0 ? weightDecay : type == ModelSpec.Type.GCN ? 1e-4 : 0;
    return s.withWeightDecay((float) wd);
  }
}
