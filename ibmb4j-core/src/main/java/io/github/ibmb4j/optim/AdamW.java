package io.github.ibmb4j.optim;

import io.github.ibmb4j.nn.Parameter;
import java.util.List;

/**
 * AdamW (Loshchilov &amp; Hutter): Adam with <em>decoupled</em> weight decay, w ← w·(1 − lr·wd) for
 * parameters of the decayed group before the Adam update on the raw gradient, as PyTorch's
 * {@code AdamW}. Not what the reference uses (it uses coupled L2, see {@link Adam}); offered as an
 * option. Same complexity, determinism and state as {@link Adam}.
 */
public final class AdamW extends Adam {

  /** AdamW with β = (0.9, 0.999), ε = 1e-8. */
  public AdamW(List<Parameter> params, double lr, double weightDecay) {
    super(params, lr, weightDecay, 0.9, 0.999, 1e-8, true);
  }
}
