package io.github.ibmb4j.cli;

import picocli.CommandLine;

/** The one place where top-level commands are registered (one line per command). */
final class Commands {
  private Commands() {}

  static void register(CommandLine cl) {
    cl.addSubcommand(new DemoCommand());
    cl.addSubcommand(new DatasetCommand());
    cl.addSubcommand(new BatchesCommand());
    cl.addSubcommand(new PartitionCommand());
    cl.addSubcommand(new TrainCommand());
    cl.addSubcommand(new InferCommand());
    cl.addSubcommand(new PredictCommand());
    cl.addSubcommand(new CompareCommand());
    cl.addSubcommand(new PartitionCompareCommand());
  }
}
