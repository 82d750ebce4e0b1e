package io.github.ibmb4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process (as {@code Main.main} does, --config included) and captures it. */
record Cli(int code, String out, String err) {
  static Cli run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Cli(code, out.toString(), err.toString());
  }

  /** Asserts a user error: exit 2 and exactly one line on stderr containing every fragment. */
  Cli badInput(String... fragments) {
    assertThat(code).as("exit code; stderr: %s", err).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(err.strip().split("\n")).as("stderr lines: %s", err).hasSize(1);
    assertThat(err).startsWith("ibmb: ").doesNotContain("Exception").doesNotContain(".tmp");
    for (String f : fragments) {
      assertThat(err).contains(f);
    }
    return this;
  }

  Cli ok() {
    assertThat(code).as("exit code; stderr: %s", err).isZero();
    return this;
  }
}
