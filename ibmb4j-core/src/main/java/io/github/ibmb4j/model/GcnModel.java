package io.github.ibmb4j.model;

import io.github.ibmb4j.nn.GcnConv;
import io.github.ibmb4j.nn.LayerNorm;
import io.github.ibmb4j.nn.Linear;
import java.util.SplittableRandom;

/**
 * The reference GCN (§3.3): L × [GcnConv → LayerNorm → ReLU → Dropout] → Linear(hidden → C) →
 * log-softmax. Parameters: {@code convs.l.weight}, {@code convs.l.bias}, {@code norms.l.weight},
 * {@code norms.l.bias}, {@code lin.weight}, {@code lin.bias}; initialised from one seed in that order.
 */
public final class GcnModel extends GnnModel {

  GcnModel(ModelSpec spec, long seed) {
    super(spec);
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int l = 0; l < spec.numLayers(); l++) {
      int in = l == 0 ? spec.inputDim() : spec.hiddenDim();
      // Deviation from the reference: the conv bias is added (the paper-era model; HEAD drops it,
      // §5.2 item 2). spec.gcnBias() = false reproduces HEAD.
      GcnConv conv = new GcnConv("convs." + l, in, spec.hiddenDim(), spec.gcnBias(), true, cache,
          workspace, rnd.split());
      // Deviation from the reference: LayerNorm parameters are not decayed, as the authors intended
      // (their 'weighted_decay' typo decayed them, §5.2 item 3).
      LayerNorm norm = spec.layerNorm()
          ? new LayerNorm("norms." + l, spec.hiddenDim(), false, workspace) : null;
      addConv(conv, norm, true);
    }
    setLinear(new Linear("lin", spec.hiddenDim(), spec.numClasses(), true, false, workspace,
        rnd.split()));
    finish();
  }
}
