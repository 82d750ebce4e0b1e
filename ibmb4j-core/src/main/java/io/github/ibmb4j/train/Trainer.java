package io.github.ibmb4j.train;

import io.github.ibmb4j.tensor.Batch;
import io.github.ibmb4j.batching.BatchSource;
import io.github.ibmb4j.model.GnnModel;
import io.github.ibmb4j.nn.NllLoss;
import io.github.ibmb4j.optim.Adam;
import io.github.ibmb4j.optim.AdamW;
import io.github.ibmb4j.optim.EarlyStopping;
import io.github.ibmb4j.optim.GradientAccumulation;
import io.github.ibmb4j.optim.ReduceLrOnPlateau;
import io.github.ibmb4j.tensor.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a {@link GnnModel} on any {@link BatchSource} (§1.8 of docs/algorithm.md): per epoch, the source's
 * batches in its order, each batch's loss the mean NLL over its output nodes (every batch weighs the
 * same, as in the reference; GraphSAINT batches carry their own loss weights), gradient accumulation
 * over {@code microBatch} batches with the reference's loss scaling, Adam (coupled L2, decay per
 * parameter group) or AdamW; then one pass over each validation source. The first validation source is
 * the primary one: ReduceLROnPlateau steps on its loss, model selection and early stopping use its
 * accuracy (strict improvement), and the best epoch's weights are restored at the end.
 *
 * <p>Determinism: the dropout generator of epoch e is derived from (seed, e), and stochastic sources
 * draw from their own per-epoch seeds, so a run is reproducible whatever the thread count, and resuming
 * from a {@link TrainState} continues exactly as the uninterrupted run would. Not thread-safe.
 */
public final class Trainer {
  private final TrainOptions options;
  private final TrainListener listener;

  /** A validation pass over a named source. */
  public record Validation(String name, BatchSource source) {}

  public Trainer(TrainOptions options, TrainListener listener) {
    this.options = options;
    this.listener = listener == null ? TrainListener.NONE : listener;
  }

  /** Trains from scratch. */
  public TrainResult train(GnnModel model, BatchSource train, List<Validation> validation) {
    return train(model, train, validation, null);
  }

  /**
   * Trains, continuing from {@code resume} when it is not null (weights, optimiser, scheduler, early
   * stopping and curve are restored from it).
   */
  public TrainResult train(GnnModel model, BatchSource train, List<Validation> validation,
      TrainState resume) {
    Adam optimizer = switch (options.optimizer()) {
      case ADAM -> new Adam(model.parameters(), options.learningRate(), model.spec().weightDecay());
      case ADAMW -> new AdamW(model.parameters(), options.learningRate(), model.spec().weightDecay());
    };
    ReduceLrOnPlateau plateau = options.plateau() && !validation.isEmpty()
        ? new ReduceLrOnPlateau(optimizer, options.plateauFactor(), options.plateauPatience(),
            options.plateauCooldown(), options.minLearningRate(), 1e-4)
        : null;
    EarlyStopping stopping = new EarlyStopping(options.minEpochs(), options.maxEpochs(),
        options.patience());
    List<EpochRecord> curve = new ArrayList<>();
    float[][] best = null;
    int firstEpoch = 0;
    double elapsedBefore = 0;
    if (resume != null) {
      model.restore(resume.weights());
      optimizer.load(resume.optimizer());
      if (plateau != null && resume.plateau() != null) {
        plateau.load(resume.plateau());
      }
      stopping.load(resume.stopping());
      curve.addAll(resume.curve());
      best = resume.bestWeights();
      firstEpoch = resume.nextEpoch();
      elapsedBefore = resume.elapsedSeconds();
    }
    long start = System.nanoTime();
    for (int epoch = firstEpoch; epoch < options.maxEpochs() && !stopping.shouldStop(); epoch++) {
      SplittableRandom rnd = epochRandom(options.seed(), epoch);
      listener.epochStarted(epoch, train.numBatches());
      long t0 = System.nanoTime();
      double[] trainStats = trainEpoch(model, train, epoch, optimizer, rnd);
      double trainSeconds = (System.nanoTime() - t0) / 1e9;
      double lrUsed = optimizer.learningRate();

      long v0 = System.nanoTime();
      Evaluation primary = null;
      for (Validation v : validation) {
        Evaluation e = Evaluator.evaluate(model, v.source());
        if (primary == null) {
          primary = e;
        }
      }
      double valSeconds = (System.nanoTime() - v0) / 1e9;
      boolean newBest;
      if (primary != null) {
        newBest = stopping.observe(primary.accuracy());
        if (plateau != null) {
          plateau.step(primary.loss());
        }
      } else {
        // Without validation every epoch is "best": the final weights are the last epoch's.
        stopping.observe(Double.POSITIVE_INFINITY);
        newBest = true;
      }
      if (newBest) {
        best = model.snapshot();
      }
      double elapsed = elapsedBefore + (System.nanoTime() - start) / 1e9;
      EpochRecord rec = new EpochRecord(epoch, trainStats[0], trainStats[1],
          primary == null ? Double.NaN : primary.loss(),
          primary == null ? Double.NaN : primary.accuracy(),
          primary == null ? Double.NaN : primary.macroF1(), trainSeconds, valSeconds, elapsed, lrUsed);
      curve.add(rec);
      listener.epochFinished(rec, newBest);
      if (listener.wantsState()) {
        listener.stateAfterEpoch(new TrainState(epoch + 1, model.snapshot(), best, optimizer.state(),
            plateau == null ? null : plateau.state(), stopping.state(), List.copyOf(curve), elapsed));
      }
    }
    if (best != null) {
      model.restore(best);
    }
    int bestEpoch = validation.isEmpty() ? curve.size() - 1 : stopping.bestEpoch();
    double meanEpoch = curve.stream().skip(curve.size() > 1 ? 1 : 0)
        .mapToDouble(EpochRecord::trainSeconds).average().orElse(Double.NaN);
    double total = curve.isEmpty() ? 0 : curve.get(curve.size() - 1).elapsedSeconds();
    return new TrainResult(curve, bestEpoch,
        validation.isEmpty() ? Double.NaN : stopping.bestAccuracy(), curve.size(), meanEpoch, total);
  }

  /** The dropout generator of an epoch, derived from (seed, epoch) only. */
  static SplittableRandom epochRandom(long seed, int epoch) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0xD1B54A32D192ED03L * (epoch + 1L));
  }

  /** One epoch's training loop; returns {node-weighted mean loss, accuracy}. */
  private double[] trainEpoch(GnnModel model, BatchSource train, int epoch, Adam optimizer,
      SplittableRandom rnd) {
    int m = options.microBatch();
    Iterable<Batch> batches = train.epoch(epoch);
    if (m > 1) {
      List<Batch> list = new ArrayList<>();
      batches.forEach(list::add);
      batches = list;
    }
    int numBatches = batches instanceof List<?> l ? l.size() : -1;
    GradientAccumulation acc = m > 1 ? new GradientAccumulation(numBatches, m) : null;
    double lossSum = 0;
    long correct = 0;
    long labelled = 0;
    int i = 0;
    Matrix grad = null;
    for (Batch b : batches) {
      if (acc == null || i == 0 || acc.stepAfter(i - 1)) {
        // start of an accumulation group
        model.zeroGrad();
      }
      Matrix logp = model.forward(b, true, rnd);
      if (grad == null || grad.rows() != logp.rows() || grad.cols() != logp.cols()) {
        grad = Matrix.zeros(logp.rows(), logp.cols());
      }
      float scale = acc == null ? 1f : acc.lossScale(i);
      double loss = NllLoss.loss(logp, b.labels(), b.lossWeights(), grad, scale);
      int known = 0;
      for (int y : b.labels()) {
        if (y >= 0) {
          known++;
        }
      }
      lossSum += loss * known;
      labelled += known;
      correct += NllLoss.correct(logp, b.labels());
      model.backward(grad);
      if (acc == null || acc.stepAfter(i)) {
        optimizer.step();
      }
      listener.batchDone(epoch);
      i++;
    }
    return new double[] {labelled == 0 ? Double.NaN : lossSum / labelled,
        labelled == 0 ? Double.NaN : (double) correct / labelled};
  }
}
