package io.github.ibmb4j.train;

import java.util.List;

/**
 * The outcome of training. The model holds the selected (best-validation) weights afterwards.
 *
 * @param curve one record per epoch run (including epochs before a resume)
 * @param bestEpoch 0-based epoch whose weights were selected (the last epoch without validation)
 * @param bestValAccuracy primary validation accuracy of the selected epoch (NaN without validation)
 * @param epochsRun number of epochs in the curve
 * @param meanEpochSeconds mean training-loop seconds per epoch, excluding epoch 0 (warm-up) when more
 *     than one epoch ran
 * @param totalSeconds wall-clock seconds of training including validation
 */
public record TrainResult(List<EpochRecord> curve, int bestEpoch, double bestValAccuracy,
    int epochsRun, double meanEpochSeconds, double totalSeconds) {

  public TrainResult {
    curve = List.copyOf(curve);
  }

  /**
   * Wall-clock seconds until the validation accuracy first reached {@code target}, or NaN if never
   * (the paper's time-to-accuracy measure).
   */
  public double secondsToAccuracy(double target) {
    for (EpochRecord r : curve) {
      if (r.valAccuracy() >= target) {
        return r.elapsedSeconds();
      }
    }
    return Double.NaN;
  }
}
