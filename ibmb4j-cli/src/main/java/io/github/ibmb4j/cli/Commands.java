package io.github.ibmb4j.cli;

import picocli.CommandLine;

/**
 * The one place where top-level commands are registered (one line per command). Each is added as a
 * {@code CommandLine} of its own, which applies its model transformers (picocli skips them for a
 * bare object): {@link MethodOptions} adds the batching methods' flags that way.
 */
final class Commands {
  private Commands() {}

  static void register(CommandLine cl) {
    cl.addSubcommand(new CommandLine(new DemoCommand()));
    cl.addSubcommand(new CommandLine(new DatasetCommand()));
    cl.addSubcommand(new CommandLine(new BatchesCommand()));
    cl.addSubcommand(new CommandLine(new PartitionCommand()));
    cl.addSubcommand(new CommandLine(new TrainCommand()));
    cl.addSubcommand(new CommandLine(new InferCommand()));
    cl.addSubcommand(new CommandLine(new PredictCommand()));
    cl.addSubcommand(new CommandLine(new CompareCommand()));
    cl.addSubcommand(new CommandLine(new PartitionCompareCommand()));
  }
}
