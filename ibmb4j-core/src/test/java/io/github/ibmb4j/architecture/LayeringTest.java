package io.github.ibmb4j.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Checks the package layering of ARCHITECTURE.md §2 on the core sources: lower layers never import
 * higher ones. A package not listed here fails the test, so new packages must be placed deliberately.
 */
class LayeringTest {
  private static final String ROOT = "io.github.ibmb4j.";

  /** Top-level package → the top-level packages it may import (besides itself). */
  private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
      Map.entry("graph", Set.of()),
      Map.entry("tensor", Set.of("concurrent")),
      Map.entry("concurrent", Set.of()),
      Map.entry("progress", Set.of()),
      Map.entry("files", Set.of()),
      Map.entry("data", Set.of("graph", "tensor", "concurrent", "progress")),
      Map.entry("influence", Set.of("graph", "concurrent", "progress")),
      Map.entry("partition", Set.of("graph", "concurrent", "progress")),
      Map.entry("batching", Set.of("graph", "tensor", "data", "influence", "partition", "schedule",
          "concurrent", "progress")),
      Map.entry("schedule", Set.of("concurrent", "progress")),
      Map.entry("nn", Set.of("tensor", "batching", "concurrent")),
      Map.entry("model", Set.of("nn", "tensor", "batching", "concurrent")),
      Map.entry("optim", Set.of("nn", "tensor", "concurrent")),
      Map.entry("train", Set.of("batching", "schedule", "model", "nn", "optim", "tensor", "data",
          "graph", "influence", "partition", "concurrent", "progress")),
      Map.entry("experiment", Set.of("graph", "tensor", "data", "influence", "partition", "batching",
          "schedule", "nn", "model", "optim", "train", "concurrent", "progress")),
      Map.entry("serving", Set.of("graph", "tensor", "data", "influence", "partition", "batching",
          "schedule", "nn", "model", "optim", "train", "experiment", "concurrent", "progress")));

  private static final Pattern IMPORT =
      Pattern.compile("^import\\s+(?:static\\s+)?io\\.github\\.ibmb4j\\.(\\w+)", Pattern.MULTILINE);

  @Test
  void corePackagesRespectTheLayering() throws IOException {
    Path src = Path.of("src/main/java/io/github/ibmb4j");
    if (!Files.isDirectory(src)) {
      src = Path.of("ibmb4j-core/src/main/java/io/github/ibmb4j");
    }
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(src)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String pkg = src.relativize(f).getName(0).toString();
        if (pkg.endsWith(".java")) {
          violations.add(f + ": source file directly in the root package");
          continue;
        }
        Set<String> allowed = ALLOWED.get(pkg);
        // Leaf utilities every layer may use.
        Set<String> leaves = Set.of("files", "concurrent", "progress");
        if (allowed == null) {
          violations.add(f + ": package '" + pkg + "' is not placed in the layering table");
          continue;
        }
        String text = Files.readString(f);
        Matcher m = IMPORT.matcher(text);
        while (m.find()) {
          String target = m.group(1);
          if (!target.equals(pkg) && !allowed.contains(target) && !leaves.contains(target)) {
            violations.add(f.getFileName() + " (" + pkg + ") imports " + ROOT + target);
          }
        }
        // Fully qualified references bypass imports; catch the common form too.
        Matcher q = Pattern.compile("\\bio\\.github\\.ibmb4j\\.(\\w+)\\.[A-Z]").matcher(
            text.replaceAll("(?m)^(package|import) .*$", ""));
        while (q.find()) {
          String target = q.group(1);
          if (!target.equals(pkg) && !allowed.contains(target) && !leaves.contains(target)) {
            violations.add(f.getFileName() + " (" + pkg + ") references " + ROOT + target);
          }
        }
      }
    }
    assertThat(violations).isEmpty();
  }
}
