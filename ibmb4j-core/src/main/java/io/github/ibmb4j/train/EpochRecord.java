package io.github.ibmb4j.train;

/**
 * What one training epoch measured; a learning curve is a list of these.
 *
 * @param epoch 0-based epoch index
 * @param trainLoss node-weighted mean training loss over the epoch (with dropout)
 * @param trainAccuracy training accuracy over the epoch's output nodes (with dropout)
 * @param valLoss validation loss on the primary validation source (NaN if none)
 * @param valAccuracy validation accuracy on the primary validation source (NaN if none)
 * @param valMacroF1 validation macro-F1 on the primary validation source (NaN if none)
 * @param trainSeconds wall-clock seconds of the epoch's training loop
 * @param valSeconds wall-clock seconds of the epoch's validation passes
 * @param elapsedSeconds wall-clock seconds since training started, at the end of this epoch
 * @param learningRate the learning rate used during this epoch
 */
public record EpochRecord(int epoch, double trainLoss, double trainAccuracy, double valLoss,
    double valAccuracy, double valMacroF1, double trainSeconds, double valSeconds,
    double elapsedSeconds, double learningRate) {}
