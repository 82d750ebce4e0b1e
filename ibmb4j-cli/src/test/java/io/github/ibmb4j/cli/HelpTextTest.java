package io.github.ibmb4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's help renders: picocli formats descriptions, so a bare '%' breaks them. */
class HelpTextTest {

  @Test
  void everyCommandsHelpRendersWithoutFormatWarnings() {
    // picocli reports a description it cannot format on System.err and prints it raw
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rendered = 0;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      Deque<CommandLine> todo = new ArrayDeque<>();
      todo.add(Main.commandLine());
      while (!todo.isEmpty()) {
        CommandLine c = todo.pop();
        todo.addAll(c.getSubcommands().values());
        StringWriter out = new StringWriter();
        c.usage(new PrintWriter(out));
        assertThat(out.toString()).as(c.getCommandName()).contains("Usage:");
        rendered++;
      }
    } finally {
      System.setErr(saved);
    }
    assertThat(rendered).isGreaterThan(10);
    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("Could not format");
  }

  @Test
  void compareHelpShowsThePercentSign() {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.execute("compare", "--help");
    assertThat(out.toString().replaceAll("\\s+", " ")).contains("98 % of the lowest");
  }
}
