package io.github.ibmb4j.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the shared real datasets ({@code ../shared/datasets} beside the repository, or the
 * {@code ibmb.shared} system property set by Surefire). Tests that need them call {@link #graphNpz},
 * which skips the test with a clear message when the folder is absent instead of failing.
 */
public final class SharedData {
  private SharedData() {}

  /** The shared folder, or null when it cannot be found. */
  public static Path sharedDir() {
    String p = System.getProperty("ibmb.shared");
    if (p != null && Files.isDirectory(Path.of(p))) {
      return Path.of(p).normalize();
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path c = d.resolveSibling("shared");
      if (Files.isDirectory(c.resolve("datasets"))) {
        return c;
      }
    }
    return null;
  }

  /** {@code shared/datasets/<name>/graph.npz}; skips the calling test when it is absent. */
  public static Path graphNpz(String name) {
    Path shared = sharedDir();
    Path f = shared == null ? null : shared.resolve("datasets").resolve(name).resolve("graph.npz");
    Assumptions.assumeTrue(f != null && Files.isRegularFile(f),
        "shared dataset '" + name + "' not found (expected ../shared/datasets/" + name
            + "/graph.npz); skipping");
    return f;
  }
}
