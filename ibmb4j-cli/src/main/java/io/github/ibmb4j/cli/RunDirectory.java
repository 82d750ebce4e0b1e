package io.github.ibmb4j.cli;

import io.github.ibmb4j.files.AtomicFiles;
import io.github.ibmb4j.train.Evaluation;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The files of a training run (every file written atomically, so a run killed at any moment leaves a
 * consistent directory): {@code config.json}, {@code model.safetensors}, {@code train-state.bin}
 * (updated after every epoch, for {@code --resume}), {@code record.json}, {@code predictions-<split>.csv}
 * and the learning-curve plots.
 */
public final class RunDirectory {
  /** The checkpoint of the selected model. */
  public static final String CHECKPOINT = "model.safetensors";
  /** The resumable training state. */
  public static final String STATE = "train-state.bin";
  /** The run record. */
  public static final String RECORD = "record.json";

  private RunDirectory() {}

  /**
   * Writes predictions as CSV sorted by node id: {@code node,predicted,probability,label}.
   */
  public static void writePredictions(Path file, Evaluation e) throws IOException {
    Integer[] order = new Integer[e.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Integer.compare(e.nodes()[a], e.nodes()[b]));
    AtomicFiles.write(file, out -> {
      Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      w.write("node,predicted,probability,label\n");
      for (int i : order) {
        w.write(e.nodes()[i] + "," + e.predicted()[i] + ","
            + String.format(Locale.ROOT, "%.6f", e.probability()[i]) + "," + e.labels()[i] + "\n");
      }
      w.flush();
    });
  }
}
