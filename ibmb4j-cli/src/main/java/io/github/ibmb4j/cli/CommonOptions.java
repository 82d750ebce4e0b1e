package io.github.ibmb4j.cli;

import io.github.ibmb4j.concurrent.Parallel;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options every command accepts: output format, verbosity, threads. */
public final class CommonOptions {
  @Option(names = "--json", description = "Print one JSON object as the last line of stdout.")
  public boolean json;

  @Option(names = "--verbose", description = "More detail, and stack traces on errors.")
  public boolean verbose;

  @Option(names = {"-q", "--quiet"}, description = "No progress output on stderr.")
  public boolean quiet;

  @Option(names = "--threads", paramLabel = "N",
      description = "Worker threads (default: available processors).")
  public Integer threads;

  /** The command these options are mixed into (for its standard output). */
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /** Applies the thread count; call at the start of a command. */
  public void apply() {
    if (threads != null) {
      if (threads < 1) {
        throw new UserInputException("--threads is " + threads + ", expected >= 1");
      }
      Parallel.setThreads(threads);
    }
  }

  /** Prints {@code result} on the command's standard output in the requested format. */
  public void print(Map<String, ?> result) {
    Output.print(command.commandLine().getOut(), this, result);
  }
}
