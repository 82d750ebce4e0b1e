package io.github.ibmb4j.cli;

/** A command that mixes in {@link CommonOptions}. */
public interface HasCommonOptions {
  CommonOptions common();
}
