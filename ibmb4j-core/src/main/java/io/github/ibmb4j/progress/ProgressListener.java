package io.github.ibmb4j.progress;

/**
 * Receives progress of long library steps (the library never prints). The CLI renders it as a progress
 * bar on a terminal and as plain lines otherwise. Implementations must be thread-safe: {@link #advance}
 * may be called from worker threads.
 */
public interface ProgressListener {
  /** A listener that ignores everything. */
  ProgressListener NONE = new ProgressListener() {};

  /** A step named {@code name} with {@code total} units of work starts (total ≤ 0: unknown). */
  default void start(String name, long total) {}

  /** {@code units} more units of the current step are done. */
  default void advance(long units) {}

  /** The current step ends. */
  default void finish() {}

  /** A one-line message worth showing the user. */
  default void message(String text) {}
}
