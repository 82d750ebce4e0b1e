package io.github.ibmb4j.optim;

import io.github.ibmb4j.nn.Parameter;
import java.util.List;

/**
 * Adam (Kingma &amp; Ba) with PyTorch's semantics, including {@code Adam(weight_decay=wd)}'s
 * <em>coupled</em> L2: for a parameter in the decayed group, g ← g + wd·w before the moments (§1.8 of
 * the reference). Per step t: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
 * w ← w − lr/(1−β₁ᵗ) · m / (sqrt(v)/sqrt(1−β₂ᵗ) + ε). With {@code decoupled} (see {@link AdamW}),
 * w ← w·(1 − lr·wd) first and g is left unchanged.
 *
 * <p>O(#parameters) per step, serial and deterministic. State (step count, moments, learning rate) is
 * exported and restored by {@link #state()} / {@link #load(State)}. Not thread-safe.
 */
public class Adam implements Optimizer {
  /**
   * The optimiser state for resuming.
   *
   * @param step number of steps taken
   * @param learningRate current learning rate
   * @param exp first moments, one array per parameter (parameter order)
   * @param expSq second moments, one array per parameter
   */
  public record State(long step, double learningRate, float[][] exp, float[][] expSq) {}

  private final List<Parameter> params;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final boolean decoupled;
  private double lr;
  private long step;
  private final float[][] m;
  private final float[][] v;

  /** Adam with PyTorch's defaults β = (0.9, 0.999), ε = 1e-8 and coupled weight decay. */
  public Adam(List<Parameter> params, double lr, double weightDecay) {
    this(params, lr, weightDecay, 0.9, 0.999, 1e-8, false);
  }

  protected Adam(List<Parameter> params, double lr, double weightDecay, double beta1, double beta2,
      double eps, boolean decoupled) {
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("learning rate is " + lr + ", expected > 0");
    }
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new IllegalArgumentException("weight decay is " + weightDecay + ", expected >= 0");
    }
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("betas (" + beta1 + ", " + beta2 + ") must lie in [0, 1)");
    }
    if (!(eps > 0)) {
      throw new IllegalArgumentException("epsilon is " + eps + ", expected > 0");
    }
    this.params = List.copyOf(params);
    this.lr = lr;
    this.weightDecay = weightDecay;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.decoupled = decoupled;
    m = new float[this.params.size()][];
    v = new float[this.params.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = new float[this.params.get(i).size()];
      v[i] = new float[this.params.get(i).size()];
    }
  }

  @Override
  public void step() {
    step++;
    double bc1 = 1 - Math.pow(beta1, step);
    double bc2 = Math.sqrt(1 - Math.pow(beta2, step));
    float stepSize = (float) (lr / bc1);
    float b1 = (float) beta1;
    float b2 = (float) beta2;
    float invBc2 = (float) (1 / bc2);
    float e = (float) eps;
    for (int k = 0; k < params.size(); k++) {
      Parameter p = params.get(k);
      float[] w = p.values();
      float[] g = p.grads();
      float[] mk = m[k];
      float[] vk = v[k];
      float wd = p.decayed() ? (float) weightDecay : 0f;
      if (decoupled && wd != 0f) {
        float shrink = (float) (1 - lr * wd);
        for (int i = 0; i < w.length; i++) {
          w[i] *= shrink;
        }
      }
      for (int i = 0; i < w.length; i++) {
        float gi = decoupled ? g[i] : g[i] + wd * w[i];
        mk[i] = b1 * mk[i] + (1 - b1) * gi;
        vk[i] = b2 * vk[i] + (1 - b2) * gi * gi;
        float denom = (float) Math.sqrt(vk[i]) * invBc2 + e;
        w[i] -= stepSize * mk[i] / denom;
      }
    }
  }

  @Override
  public List<Parameter> parameters() {
    return params;
  }

  @Override
  public double learningRate() {
    return lr;
  }

  @Override
  public void setLearningRate(double lr) {
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("learning rate is " + lr + ", expected > 0");
    }
    this.lr = lr;
  }

  /** Number of steps taken. */
  public long steps() {
    return step;
  }

  public double weightDecay() {
    return weightDecay;
  }

  /** A deep copy of the state. */
  public State state() {
    float[][] mc = new float[m.length][];
    float[][] vc = new float[v.length][];
    for (int i = 0; i < m.length; i++) {
      mc[i] = m[i].clone();
      vc[i] = v[i].clone();
    }
    return new State(step, lr, mc, vc);
  }

  /** Restores a state taken from an optimiser over parameters of the same sizes. */
  public void load(State s) {
    if (s.exp().length != m.length || s.expSq().length != v.length) {
      throw new IllegalArgumentException("optimizer state has " + s.exp().length
          + " moment arrays, expected " + m.length);
    }
    for (int i = 0; i < m.length; i++) {
      if (s.exp()[i].length != m[i].length || s.expSq()[i].length != v[i].length) {
        throw new IllegalArgumentException("optimizer state for " + params.get(i).name() + " has "
            + s.exp()[i].length + " elements, expected " + m[i].length);
      }
    }
    if (s.step() < 0) {
      throw new IllegalArgumentException("optimizer state step is " + s.step() + ", expected >= 0");
    }
    setLearningRate(s.learningRate());
    step = s.step();
    for (int i = 0; i < m.length; i++) {
      System.arraycopy(s.exp()[i], 0, m[i], 0, m[i].length);
      System.arraycopy(s.expSq()[i], 0, v[i], 0, v[i].length);
    }
  }
}
