package io.github.ibmb4j.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Checks the package layering of {@code docs/architecture.md} on the core's main and test sources:
 * lower layers never import higher ones. Packages are compared in full (a sub-package such as
 * {@code batching.baseline} or {@code tensor.internal} has its own entry), imports and fully
 * qualified references alike. A package not listed fails the test, so new packages must be placed
 * deliberately.
 */
class LayeringTest {
  private static final String ROOT = "io.github.ibmb4j.";

  /** Leaf utilities every layer may use. */
  private static final Set<String> LEAVES = Set.of("files", "concurrent", "progress", "random");

  /** Package → the packages its main sources may import (besides itself and the leaves). */
  private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
      Map.entry("files", Set.of()),
      Map.entry("concurrent", Set.of()),
      Map.entry("progress", Set.of()),
      Map.entry("random", Set.of()),
      Map.entry("graph", Set.of()),
      Map.entry("tensor", Set.of("tensor.internal")),
      Map.entry("tensor.internal", Set.of("tensor")),
      Map.entry("data", Set.of("graph", "tensor")),
      Map.entry("influence", Set.of("graph")),
      Map.entry("partition", Set.of("graph")),
      // batching builds the model's Batch arrays (tensor) from the dataset's features (data)
      Map.entry("batching", Set.of("graph", "tensor", "data", "influence", "partition",
          "batching.ibmb", "batching.baseline")),
      Map.entry("batching.ibmb", Set.of("batching", "graph", "tensor", "influence", "partition")),
      Map.entry("batching.baseline", Set.of("batching", "batching.ibmb", "graph", "tensor",
          "influence", "partition")),
      Map.entry("schedule", Set.of()),
      Map.entry("nn", Set.of("tensor")),
      Map.entry("model", Set.of("nn", "tensor")),
      // optimisers update the layers' nn.Parameter values from their gradients
      Map.entry("optim", Set.of("nn", "tensor")),
      Map.entry("train", Set.of("batching", "schedule", "model", "nn", "optim", "tensor")),
      Map.entry("experiment", Set.of("graph", "tensor", "data", "influence", "partition",
          "batching", "batching.ibmb", "batching.baseline", "schedule", "nn", "model", "optim",
          "train")),
      // predictions for chosen nodes: the run's model and settings over the batching pieces
      Map.entry("serving", Set.of("graph", "tensor", "data", "influence", "partition",
          "batching", "batching.ibmb", "batching.baseline", "schedule", "nn", "model", "optim",
          "train", "experiment")));

  /** Test-only packages → what they may import (besides the leaves). */
  private static final Map<String, Set<String>> TEST_ONLY = Map.of(
      "testing", Set.of("graph", "tensor", "data"),
      "architecture", Set.of());

  /** Fixtures every test may use: the shared helpers, datasets, hand-built graphs and matrices. */
  private static final Set<String> TEST_FIXTURES = Set.of("testing", "data", "graph", "tensor");

  /** Tests that check a package together with a higher layer, and the layer they use. */
  private static final Map<String, Set<String>> TEST_EXTRAS = Map.of(
      // fixed batches in the order of a schedule
      "batching", Set.of("schedule"),
      // ShaDow's batches give each output the prediction of its own sub-graph (a model forward)
      "batching.baseline", Set.of("model"),
      // models trained with an optimiser
      "model", Set.of("optim"),
      // training with a sampler
      "train", Set.of("batching.baseline"));

  private static final Pattern IMPORT = Pattern.compile(
      "^import\\s+(?:static\\s+)?io\\.github\\.ibmb4j\\.((?:[a-z]\\w*\\.)*?)[A-Z]", Pattern.MULTILINE);
  private static final Pattern QUALIFIED =
      Pattern.compile("\\bio\\.github\\.ibmb4j\\.((?:[a-z]\\w*\\.)+)[A-Z]");

  private static Path core(String kind) {
    Path p = Path.of("src/" + kind + "/java/io/github/ibmb4j");
    return Files.isDirectory(p) ? p : Path.of("ibmb4j-core/src/" + kind + "/java/io/github/ibmb4j");
  }

  @Test
  void mainSourcesRespectTheLayering() throws IOException {
    assertThat(violations(core("main"), false)).isEmpty();
  }

  @Test
  void testSourcesRespectTheLayering() throws IOException {
    assertThat(violations(core("test"), true)).isEmpty();
  }

  @Test
  void subPackagesAreCheckedOnTheirOwn() {
    // tensor's kernels are internal: only tensor reaches them, not the layers above
    assertThat(allowed("nn", false)).doesNotContain("tensor.internal");
    assertThat(allowed("batching.ibmb", false)).doesNotContain("batching.baseline");
    assertThat(allowed("model", false)).doesNotContain("batching");
  }

  /** What {@code pkg} may import, or null when it is not placed. */
  private static Set<String> allowed(String pkg, boolean test) {
    Set<String> base = ALLOWED.get(pkg);
    if (base == null) {
      return test ? TEST_ONLY.get(pkg) : null;
    }
    if (!test) {
      return base;
    }
    Set<String> s = new HashSet<>(base);
    s.addAll(TEST_FIXTURES);
    s.addAll(TEST_EXTRAS.getOrDefault(pkg, Set.of()));
    return s;
  }

  private static List<String> violations(Path src, boolean test) throws IOException {
    List<String> violations = new ArrayList<>();
    if (!Files.isDirectory(src)) {
      return violations;
    }
    try (Stream<Path> files = Files.walk(src)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Path dir = src.relativize(f).getParent();
        if (dir == null) {
          violations.add(f + ": source file directly in the root package");
          continue;
        }
        String pkg = dir.toString().replace(f.getFileSystem().getSeparator(), ".");
        Set<String> allowed = allowed(pkg, test);
        if (allowed == null) {
          violations.add(f + ": package '" + pkg + "' is not placed in the layering table");
          continue;
        }
        String text = Files.readString(f);
        Matcher m = IMPORT.matcher(text);
        while (m.find()) {
          check(f, pkg, m.group(1), allowed, "imports", violations);
        }
        // fully qualified references bypass imports
        Matcher q = QUALIFIED.matcher(text.replaceAll("(?m)^(package|import) .*$", ""));
        while (q.find()) {
          check(f, pkg, q.group(1), allowed, "references", violations);
        }
      }
    }
    return violations;
  }

  private static void check(Path f, String pkg, String targetWithDot, Set<String> allowed,
      String how, List<String> violations) {
    String target = targetWithDot.isEmpty() ? "" : targetWithDot.substring(0, targetWithDot.length() - 1);
    if (!target.equals(pkg) && !allowed.contains(target) && !LEAVES.contains(target)) {
      violations.add(f.getFileName() + " (" + pkg + ") " + how + " " + ROOT + target);
    }
  }
}
