package io.github.ibmb4j.optim;

import io.github.ibmb4j.nn.Parameter;
import java.util.List;

/** A first-order optimiser over a fixed list of {@link Parameter}s. */
public interface Optimizer {

  /** Updates every parameter from its accumulated gradient (gradients are left as they are). */
  void step();

  /** Sets every parameter's gradient to zero. */
  default void zeroGrad() {
    for (Parameter p : parameters()) {
      p.zeroGrad();
    }
  }

  /** The parameters, in the order the state arrays use. */
  List<Parameter> parameters();

  /** Current learning rate. */
  double learningRate();

  /** Sets the learning rate (used by schedulers). */
  void setLearningRate(double lr);
}
