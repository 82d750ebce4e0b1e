package io.github.ibmb4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pins the engine packages' allowed imports (ARCHITECTURE §2): nn → tensor, concurrent; optim → nn;
 * model → nn, batching, tensor, concurrent. Reads the main sources.
 */
class EngineDependenciesTest {
  private static final Map<String, Set<String>> ALLOWED = Map.of(
      "nn", Set.of("nn", "tensor", "concurrent"),
      "optim", Set.of("optim", "nn"),
      "model", Set.of("model", "nn", "batching", "tensor", "concurrent"));

  @ParameterizedTest
  @ValueSource(strings = {"nn", "optim", "model"})
  void importsStayWithinTheAllowedPackages(String pkg) throws IOException {
    Path dir = Path.of("src/main/java/io/github/ibmb4j").resolve(pkg);
    assertThat(dir).isDirectory();
    Pattern p = Pattern.compile("import (?:static )?io\\.github\\.ibmb4j\\.([a-z]+)");
    Set<String> used = new TreeSet<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
        Matcher m = p.matcher(Files.readString(f));
        while (m.find()) {
          used.add(m.group(1));
        }
      }
    }
    assertThat(ALLOWED.get(pkg)).as(pkg + " imports " + used).containsAll(used);
  }
}
