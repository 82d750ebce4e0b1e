package io.github.ibmb4j.train;

/**
 * Classification metrics over predicted and true labels. Nodes with an unknown true label (-1) are
 * ignored. Macro-F1 follows scikit-learn's {@code f1_score(average='macro')}: the unweighted mean over
 * the classes that occur in the true or the predicted labels, with F1 = 0 for a class whose precision
 * and recall are both undefined or zero.
 */
public final class Metrics {
  private Metrics() {}

  /** Fraction of labelled nodes whose prediction equals the label; NaN if none is labelled. */
  public static double accuracy(int[] predicted, int[] truth) {
    checkLengths(predicted, truth);
    long correct = 0;
    long total = 0;
    for (int i = 0; i < truth.length; i++) {
      if (truth[i] < 0) {
        continue;
      }
      total++;
      if (predicted[i] == truth[i]) {
        correct++;
      }
    }
    return total == 0 ? Double.NaN : (double) correct / total;
  }

  /** Macro-averaged F1 over the classes present in truth or predictions; NaN if none is labelled. */
  public static double macroF1(int[] predicted, int[] truth, int numClasses) {
    checkLengths(predicted, truth);
    long[] tp = new long[numClasses];
    long[] fp = new long[numClasses];
    long[] fn = new long[numClasses];
    boolean any = false;
    for (int i = 0; i < truth.length; i++) {
      int t = truth[i];
      if (t < 0) {
        continue;
      }
      any = true;
      int p = predicted[i];
      if (p < 0 || p >= numClasses || t >= numClasses) {
        throw new IllegalArgumentException("label " + Math.max(p, t) + " is outside [0, "
            + numClasses + ")");
      }
      if (p == t) {
        tp[t]++;
      } else {
        fp[p]++;
        fn[t]++;
      }
    }
    if (!any) {
      return Double.NaN;
    }
    double sum = 0;
    int present = 0;
    for (int c = 0; c < numClasses; c++) {
      if (tp[c] + fp[c] + fn[c] == 0) {
        continue;
      }
      present++;
      double denom = 2.0 * tp[c] + fp[c] + fn[c];
      sum += denom == 0 ? 0 : 2.0 * tp[c] / denom;
    }
    return sum / present;
  }

  private static void checkLengths(int[] predicted, int[] truth) {
    if (predicted.length != truth.length) {
      throw new IllegalArgumentException("predictions have length " + predicted.length
          + ", labels have length " + truth.length);
    }
  }
}
