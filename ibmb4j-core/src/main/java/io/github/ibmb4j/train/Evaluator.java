package io.github.ibmb4j.train;

import io.github.ibmb4j.tensor.Batch;
import io.github.ibmb4j.batching.BatchSource;
import io.github.ibmb4j.model.GnnModel;
import io.github.ibmb4j.nn.NllLoss;
import io.github.ibmb4j.tensor.Matrix;
import java.util.Arrays;

/**
 * Runs a model in evaluation mode (no dropout; {@link GnnModel#infer}, which keeps no activations)
 * over every batch of a {@link BatchSource} and scores the predictions of the output nodes. Works with
 * any source, so a model trained with one method can be evaluated with any other (§1.9).
 * Deterministic; O(batches · forward).
 */
public final class Evaluator {
  private Evaluator() {}

  /** Evaluates {@code model} on one pass over {@code source} (epoch 0 of a stochastic source). */
  public static Evaluation evaluate(GnnModel model, BatchSource source) {
    return evaluate(model, source, 0);
  }

  /**
   * Evaluates {@code repeats} times and reports the last pass with the median pass time (inference
   * timing as the benchmarks report it: batch preparation excluded, JIT and cache effects damped).
   */
  public static Evaluation evaluateRepeated(GnnModel model, BatchSource source, int repeats) {
    if (repeats < 1) {
      throw new IllegalArgumentException("repeats is " + repeats + ", expected >= 1");
    }
    double[] t = new double[repeats];
    Evaluation e = null;
    for (int i = 0; i < repeats; i++) {
      e = evaluate(model, source);
      t[i] = e.seconds();
    }
    Arrays.sort(t);
    return new Evaluation(e.loss(), e.accuracy(), e.macroF1(), e.nodes(), e.predicted(),
        e.probability(), e.labels(), t[repeats / 2]);
  }

  /** Evaluates on the batches {@code source} gives for {@code epoch}. */
  public static Evaluation evaluate(GnnModel model, BatchSource source, int epoch) {
    int classes = model.spec().numClasses();
    int cap = 1024;
    int[] nodes = new int[cap];
    int[] pred = new int[cap];
    float[] prob = new float[cap];
    int[] labels = new int[cap];
    int n = 0;
    double lossSum = 0;
    long labelled = 0;
    long start = System.nanoTime();
    for (Batch b : source.epoch(epoch)) {
      Matrix logp = model.infer(b);
      int m = b.numOutputs();
      int known = 0;
      for (int y : b.labels()) {
        if (y >= 0) {
          known++;
        }
      }
      // NllLoss is a mean over labelled rows; weight it back to a sum for the node-weighted mean.
      lossSum += NllLoss.loss(logp, b.labels(), null, null) * known;
      labelled += known;
      if (n + m > cap) {
        cap = Math.max(2 * cap, n + m);
        nodes = Arrays.copyOf(nodes, cap);
        pred = Arrays.copyOf(pred, cap);
        prob = Arrays.copyOf(prob, cap);
        labels = Arrays.copyOf(labels, cap);
      }
      float[] lp = logp.data();
      int[] ids = b.nodes();
      for (int i = 0; i < m; i++) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
          if (lp[i * classes + c] > lp[i * classes + best]) {
            best = c;
          }
        }
        nodes[n] = ids[i];
        pred[n] = best;
        prob[n] = (float) Math.exp(lp[i * classes + best]);
        labels[n] = b.labels()[i];
        n++;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    int[] p = Arrays.copyOf(pred, n);
    int[] y = Arrays.copyOf(labels, n);
    return new Evaluation(labelled == 0 ? Double.NaN : lossSum / labelled, Metrics.accuracy(p, y),
        Metrics.macroF1(p, y, classes), Arrays.copyOf(nodes, n), p, Arrays.copyOf(prob, n), y,
        seconds);
  }
}
