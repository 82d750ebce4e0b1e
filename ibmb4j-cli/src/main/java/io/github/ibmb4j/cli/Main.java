package io.github.ibmb4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ibmb} command line. Conventions kept by every command: {@code --help}; human-readable
 * output by default and, with {@code --json}, one JSON object as the last line of stdout; progress on
 * stderr; exit code 0 on success, 2 on bad usage or bad input (one line naming the value and what was
 * expected), 1 on internal errors (stack traces only with {@code --verbose}).
 */
@Command(
    name = "ibmb",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Influence-based mini-batching (IBMB) for graph neural networks on the CPU.",
    subcommandsRepeatable = false)
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  /** Builds the command line with every command registered (see {@link Commands}). */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    Commands.register(cl);
    cl.setExecutionExceptionHandler(new ExitCodes.ExecutionHandler());
    cl.setParameterExceptionHandler(new ExitCodes.ParameterHandler());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }

  /** Runs a command line in-process and returns the exit code (used by tests). */
  public static int execute(String... args) {
    return execute(null, null, args);
  }

  /**
   * Runs a command line in-process with stdout and stderr sent to the given writers (null: the
   * process's own) and returns the exit code. Every failure, an {@link OutOfMemoryError} included,
   * ends as one line on stderr and an exit code (see {@link ExitCodes}).
   */
  public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    CommandLine cl = commandLine();
    if (out != null) {
      cl.setOut(out);
    }
    if (err != null) {
      cl.setErr(err);
    }
    CurrentPhase.reset();
    CommandLine target = cl; // the (sub)command the arguments name, for messages
    for (String a : args) {
      CommandLine sub = target.getSubcommands().get(a);
      if (sub == null) {
        break;
      }
      target = sub;
    }
    try {
      ConfigFile.install(cl, args);
    } catch (Exception e) {
      // --config is read before parsing, so its errors are reported here with the same conventions
      return ExitCodes.report(e, target, cl.getErr());
    }
    try {
      return cl.execute(args);
    } catch (OutOfMemoryError | StackOverflowError e) {
      // picocli hands only exceptions to the execution handler; errors arrive here
      return ExitCodes.report(e, target, cl.getErr());
    }
  }

  public static void main(String[] args) {
    int code = execute(args);
    System.out.flush();
    System.exit(code);
  }

  /** Version from the jar manifest, else the development marker. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"ibmb " + (v == null ? "0.1.0-SNAPSHOT" : v)
          + " (Java " + Runtime.version() + ")"};
    }
  }
}
