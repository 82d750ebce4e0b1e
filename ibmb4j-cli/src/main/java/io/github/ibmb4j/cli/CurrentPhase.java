package io.github.ibmb4j.cli;

import io.github.ibmb4j.progress.ProgressListener;

/**
 * Remembers the step a command is in (the innermost progress step started and not yet finished), so
 * that a failure without a useful message of its own, such as running out of heap, can say where it
 * happened. Wraps the listener a command reports to; works the same with {@code --quiet}. One command
 * runs per process (or per in-process test), so the phase is process-wide.
 */
final class CurrentPhase implements ProgressListener {
  private static final java.util.Deque<String> STEPS = new java.util.ArrayDeque<>();

  private final ProgressListener delegate;

  CurrentPhase(ProgressListener delegate) {
    this.delegate = delegate;
  }

  /** Forgets the steps of an earlier command (start of every command line). */
  static synchronized void reset() {
    STEPS.clear();
  }

  /** The innermost unfinished step, or null. */
  static synchronized String current() {
    return STEPS.peek();
  }

  @Override
  public void start(String name, long total) {
    synchronized (CurrentPhase.class) {
      STEPS.push(name);
    }
    delegate.start(name, total);
  }

  @Override
  public void advance(long units) {
    delegate.advance(units);
  }

  @Override
  public void finish() {
    synchronized (CurrentPhase.class) {
      STEPS.poll();
    }
    delegate.finish();
  }

  @Override
  public void message(String text) {
    delegate.message(text);
  }
}
