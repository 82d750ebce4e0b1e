package io.github.ibmb4j.model;

import io.github.ibmb4j.nn.LayerNorm;
import io.github.ibmb4j.nn.Linear;
import io.github.ibmb4j.nn.SageConv;
import java.util.SplittableRandom;

/**
 * The reference GraphSAGE (§3.3): L × [SageConv (mean) → LayerNorm → ReLU → Dropout] →
 * Linear(hidden → C) → log-softmax. Parameters: {@code convs.l.lin_l.weight}, {@code .lin_l.bias},
 * {@code .lin_r.weight}, {@code norms.l.*}, {@code lin.*}.
 */
public final class SageModel extends GnnModel {

  SageModel(ModelSpec spec, long seed) {
    super(spec);
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int l = 0; l < spec.numLayers(); l++) {
      int in = l == 0 ? spec.inputDim() : spec.hiddenDim();
      SageConv conv = new SageConv("convs." + l, in, spec.hiddenDim(), true, cache, workspace,
          rnd.split());
      // Deviation from the reference: neither the LayerNorms nor the final Linear are decayed, as the
      // authors intended (the 'weighted_decay' typo decayed both for SAGE, §5.2 item 3).
      LayerNorm norm = spec.layerNorm()
          ? new LayerNorm("norms." + l, spec.hiddenDim(), false, workspace) : null;
      addConv(conv, norm, true);
    }
    setLinear(new Linear("lin", spec.hiddenDim(), spec.numClasses(), true, false, workspace,
        rnd.split()));
    finish();
  }
}
