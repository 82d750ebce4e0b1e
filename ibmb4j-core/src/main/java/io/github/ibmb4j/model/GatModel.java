package io.github.ibmb4j.model;

import io.github.ibmb4j.nn.GatConv;
import io.github.ibmb4j.nn.LayerNorm;
import java.util.SplittableRandom;

/**
 * The reference GAT (§3.3): conv 1 in → hidden × heads (concatenated), middle convs heads·hidden →
 * hidden × heads (concatenated), last conv heads·hidden → C averaged over heads; after every non-final
 * conv LayerNorm(heads·hidden) → ELU → Dropout; no final Linear. Weight decay applies to every conv
 * but the last; LayerNorms are not decayed (as the reference code does for GAT).
 */
public final class GatModel extends GnnModel {

  GatModel(ModelSpec spec, long seed) {
    super(spec);
    SplittableRandom rnd = new SplittableRandom(seed);
    int heads = spec.heads();
    int width = heads * spec.hiddenDim();
    int layers = spec.numLayers();
    for (int l = 0; l < layers; l++) {
      int in = l == 0 ? spec.inputDim() : width;
      boolean last = l == layers - 1;
      GatConv conv = last
          ? new GatConv("convs." + l, in, spec.numClasses(), heads, false, false, cache, rnd.split())
          : new GatConv("convs." + l, in, spec.hiddenDim(), heads, true, true, cache, rnd.split());
      LayerNorm norm = !last && spec.layerNorm()
          ? new LayerNorm("norms." + l, width, false, workspace) : null;
      addConv(conv, norm, !last);
    }
    finish();
  }
}
