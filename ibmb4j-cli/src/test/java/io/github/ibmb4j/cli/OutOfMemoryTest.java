package io.github.ibmb4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real out-of-memory in a child JVM with a tiny heap: one exit-1 line naming the command, the phase
 * and the IBMB_HEAP hint, never a stack trace (slow: starts a JVM).
 */
@Tag("slow")
class OutOfMemoryTest {
  @Test
  void outOfMemoryIsOneLineWithThePhase(@TempDir Path tmp) throws Exception {
    Path log = tmp.resolve("err.log");
    Process p = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx40m",
        "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "dataset", "info", "--dataset", "synthetic", "-q"))
        .redirectError(log.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    // the JVM itself announces the incubator module on stderr; everything else is ours
    String err = Files.readString(log).replaceAll("(?m)^WARNING: Using incubator modules.*\\R", "");
    assertThat(p.exitValue()).as(err).isEqualTo(ExitCodes.INTERNAL);
    assertThat(err.strip().split("\n")).as(err).hasSize(1);
    assertThat(err).startsWith("ibmb: out of memory in 'ibmb dataset info' during ")
        .contains("IBMB_HEAP").doesNotContain("\tat ").doesNotContain("Exception");
  }
}
