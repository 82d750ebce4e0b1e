package io.github.ibmb4j.cli;

import io.github.ibmb4j.progress.ProgressListener;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Renders library progress on stderr: a progress bar with rate and ETA when a terminal is attached,
 * one line per step otherwise (with its duration), nothing with {@code --quiet}. Steps nest: a step
 * started inside another is finished before it, and each reports its own duration.
 */
public final class ConsoleProgress implements ProgressListener {
  private final boolean quiet;
  private final boolean terminal;
  private final PrintStream err;
  private final Deque<Step> steps = new ArrayDeque<>();

  private record Step(String name, long startNanos, ProgressBar bar) {}

  public ConsoleProgress(boolean quiet) {
    this(quiet, System.console() != null && System.console().isTerminal(), System.err);
  }

  ConsoleProgress(boolean quiet, boolean terminal, PrintStream err) {
    this.quiet = quiet;
    this.terminal = terminal;
    this.err = err;
  }

  /** The listener a command should use. */
  public static ProgressListener of(CommonOptions common) {
    return new CurrentPhase(common.quiet ? ProgressListener.NONE : new ConsoleProgress(false));
  }

  private String indent() {
    return "  ".repeat(Math.max(0, steps.size()));
  }

  @Override
  public synchronized void start(String name, long total) {
    ProgressBar bar = null;
    if (!quiet) {
      if (terminal && total > 0) {
        bar = new ProgressBarBuilder().setTaskName(indent() + name).setInitialMax(total)
            .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(err))
            .showSpeed().build();
      } else {
        err.println("[ibmb] " + indent() + name + (total > 0 ? " (" + total + ")" : "") + " ...");
      }
    }
    steps.push(new Step(name, System.nanoTime(), bar));
  }

  @Override
  public void advance(long units) {
    Step s;
    synchronized (this) {
      s = steps.peek();
    }
    if (s != null && s.bar() != null) {
      s.bar().stepBy(units);
    }
  }

  @Override
  public synchronized void finish() {
    Step s = steps.poll();
    if (s == null) {
      return;
    }
    if (s.bar() != null) {
      s.bar().close();
    }
    if (!quiet && !terminal) {
      err.printf(java.util.Locale.ROOT, "[ibmb] %s%s done in %.2f s%n", indent(), s.name(),
          (System.nanoTime() - s.startNanos()) / 1e9);
    }
  }

  @Override
  public synchronized void message(String text) {
    if (!quiet) {
      err.println("[ibmb] " + indent() + text);
    }
  }
}
