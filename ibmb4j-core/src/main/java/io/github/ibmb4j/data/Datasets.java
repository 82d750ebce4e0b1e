package io.github.ibmb4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Opens a dataset from the specification users type after {@code --dataset}: a path to a
 * {@code graph.npz} (or a directory containing one), or another supported format.
 */
public final class Datasets {
  private Datasets() {}

  /**
   * Opens {@code spec}.
   *
   * @throws NoSuchFileException if the path does not exist
   * @throws DatasetFormatException if it exists but is not a readable dataset
   */
  public static Dataset open(String spec) throws IOException {
    Path p = Path.of(spec);
    if (Files.isDirectory(p) && Files.isRegularFile(p.resolve("graph.npz"))) {
      return GraphNpzReader.read(p.resolve("graph.npz"));
    }
    if (Files.isRegularFile(p) && p.getFileName().toString().endsWith(".npz")) {
      return GraphNpzReader.read(p);
    }
    if (!Files.exists(p)) {
      throw new NoSuchFileException(spec);
    }
    throw new DatasetFormatException(spec + ": not a recognised dataset (expected a graph.npz file "
        + "or a directory containing one)");
  }
}
