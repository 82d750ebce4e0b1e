package io.github.ibmb4j.cli;

import io.github.ibmb4j.progress.ProgressListener;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Renders library progress on stderr: a progress bar with rate and ETA when a terminal is attached,
 * one line per step otherwise (with its duration), nothing with {@code --quiet}.
 */
public final class ConsoleProgress implements ProgressListener {
  private final boolean quiet;
  private final boolean terminal;
  private final PrintStream err;
  private ProgressBar bar;
  private String step;
  private long startNanos;
  private final AtomicLong done = new AtomicLong();

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
    return common.quiet ? ProgressListener.NONE : new ConsoleProgress(false);
  }

  @Override
  public synchronized void start(String name, long total) {
    finish();
    step = name;
    startNanos = System.nanoTime();
    done.set(0);
    if (quiet) {
      return;
    }
    if (terminal && total > 0) {
      bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(total)
          .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(err))
          .showSpeed().build();
    } else {
      err.println("[ibmb] " + name + (total > 0 ? " (" + total + ")" : "") + " ...");
    }
  }

  @Override
  public void advance(long units) {
    done.addAndGet(units);
    ProgressBar b = bar;
    if (b != null) {
      b.stepBy(units);
    }
  }

  @Override
  public synchronized void finish() {
    if (step == null) {
      return;
    }
    if (bar != null) {
      bar.close();
      bar = null;
    }
    if (!quiet && !terminal) {
      err.printf(java.util.Locale.ROOT, "[ibmb] %s done in %.2f s%n", step,
          (System.nanoTime() - startNanos) / 1e9);
    }
    step = null;
  }

  @Override
  public void message(String text) {
    if (!quiet) {
      err.println("[ibmb] " + text);
    }
  }
}
