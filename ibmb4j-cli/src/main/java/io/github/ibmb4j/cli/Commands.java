package io.github.ibmb4j.cli;

import picocli.CommandLine;

/** The one place where top-level commands are registered (one line per command). */
final class Commands {
  private Commands() {}

  static void register(CommandLine cl) {
    // Each feature adds its command here.
    cl.addSubcommand(new PartitionCommand());
    cl.addSubcommand(new PartitionCompareCommand());
  }
}
