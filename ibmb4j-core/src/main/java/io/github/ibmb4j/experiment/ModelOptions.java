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

  /**
   * These options with every default filled in (hidden, layers, heads, dropout, weight decay); a
   * model type without heads gets 1. Resolving twice changes nothing, and {@link #resolve} gives the
   * same spec for both.
   */
  public ModelOptions resolved() {
    boolean gat = type == ModelSpec.Type.GAT;
    if (!gat && heads > 1) {
      throw new IllegalArgumentException("heads is " + heads + " for " + type.id() + ", only gat has heads");
    }
    return new ModelOptions(type, hidden > 0 ? hidden : gat ? 128 : 256, layers > 0 ? layers : 3,
        gat ? (heads > 0 ? heads : 4) : 1, dropout >= 0 ? dropout : 0.5,
        weightDecay >= 0 ? weightDecay : type == ModelSpec.Type.GCN ? 1e-4 : 0);
  }

  /** The full spec for a dataset with {@code inputDim} features and {@code numClasses} classes. */
  public ModelSpec resolve(int inputDim, int numClasses) {
    ModelOptions r = resolved();
    ModelSpec s = ModelSpec.of(type, inputDim, r.hidden(), Math.max(2, numClasses), r.layers());
    if (type == ModelSpec.Type.GAT) {
      s = s.withHeads(r.heads());
    }
    return s.withDropout((float) r.dropout()).withWeightDecay((float) r.weightDecay());
  }
}
