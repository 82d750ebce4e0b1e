package io.github.ibmb4j.cli;

import io.github.ibmb4j.files.FileFormatException;
import java.io.CharConversionException;
import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import java.util.zip.ZipException;
import picocli.CommandLine;

/**
 * The one mapping of failures to exit codes and messages, shared by every command: 2 for bad usage or
 * bad input (options, damaged or malformed files, file-system failures on the paths the user gave), 1
 * for internal errors and for running out of heap (with the phase and the {@code IBMB_HEAP} hint).
 * Each failure prints one line on stderr; {@code --verbose} adds the stack trace.
 */
public final class ExitCodes {
  /** Success. */
  public static final int OK = 0;
  /** Internal error, or out of memory. */
  public static final int INTERNAL = 1;
  /** Bad usage or bad input. */
  public static final int BAD_INPUT = 2;

  private ExitCodes() {}

  private static Throwable unwrap(Throwable e) {
    if (e instanceof UncheckedIOException u && u.getCause() != null) {
      return u.getCause();
    }
    return e;
  }

  /** Whether {@code e} (or the I/O cause it wraps) is the user's input being wrong. */
  static boolean isBadInput(Throwable e) {
    e = unwrap(e);
    return e instanceof UserInputException
        || e instanceof IllegalArgumentException
        || e instanceof FileFormatException // damaged datasets, checkpoints, training states
        || e instanceof FileSystemException // not found, permission, read-only, full disk, ...
        || e instanceof FileNotFoundException
        || e instanceof CharConversionException
        || e instanceof ZipException
        || e instanceof java.io.EOFException;
  }

  /** The out-of-memory error in {@code e}'s cause chain, if any. */
  static OutOfMemoryError outOfMemory(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof OutOfMemoryError o) {
        return o;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  /** One line: the exception's message, or its type where there is none. */
  static String oneLine(Throwable e) {
    e = unwrap(e);
    String m = e.getMessage();
    if (e instanceof NoSuchFileException) {
      m = "file not found: " + m;
    } else if (e instanceof AccessDeniedException) {
      m = "permission denied: " + m;
    } else if (e instanceof FileAlreadyExistsException) {
      m = "already exists: " + m;
    } else if (e instanceof CharConversionException) {
      m = "not UTF-8 text: " + m;
    }
    if (m == null || m.isBlank()) {
      m = e.getClass().getSimpleName();
    }
    return m.replace('\n', ' ').replace('\r', ' ');
  }

  /** The out-of-memory line: where it happened and how to give the JVM more heap. */
  static String outOfMemoryLine(String command) {
    String phase = CurrentPhase.current();
    long max = Runtime.getRuntime().maxMemory();
    return "out of memory in '" + command + "'" + (phase == null ? "" : " during " + phase)
        + String.format(Locale.ROOT, " (maximum heap %s); run with a larger IBMB_HEAP "
            + "(e.g. IBMB_HEAP=%dg ./ibmb ...) or a smaller input",
            max >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GiB", max / (double) (1L << 30))
                : String.format(Locale.ROOT, "%d MiB", max >> 20),
            Math.max(2, 2 * (long) Math.ceil(max / (double) (1L << 30))));
  }

  private static boolean verbose(CommandLine cl) {
    for (CommandLine c = cl; c != null; c = c.getParent()) {
      for (CommandLine.Model.CommandSpec m : c.getCommandSpec().mixins().values()) {
        if (m.userObject() instanceof CommonOptions o && o.verbose) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Reports any failure of a command (exceptions and errors alike) and returns its exit code.
   */
  static int report(Throwable ex, CommandLine cl, PrintWriter err) {
    OutOfMemoryError oom = outOfMemory(ex);
    boolean bad = oom == null && isBadInput(ex);
    if (oom != null) {
      err.println("ibmb: " + outOfMemoryLine(cl.getCommandSpec().qualifiedName()));
    } else {
      err.println("ibmb: " + (bad ? "" : "internal error: ") + oneLine(ex));
    }
    if (verbose(cl)) {
      ex.printStackTrace(err);
    } else if (!bad && oom == null) {
      err.println("(run again with --verbose for the stack trace)");
    }
    err.flush();
    return bad ? BAD_INPUT : INTERNAL;
  }

  static final class ExecutionHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
        Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
      return report(ex, cl, cl.getErr());
    }
  }

  /** picocli's parse errors: one line naming the option and pointing at the command's help. */
  static final class ParameterHandler implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
      CommandLine cl = ex.getCommandLine();
      PrintWriter err = cl.getErr();
      err.println("ibmb: " + oneLine(ex) + " (see '" + cl.getCommandSpec().qualifiedName()
          + " --help')");
      if (verbose(cl)) {
        ex.printStackTrace(err);
      }
      err.flush();
      return BAD_INPUT;
    }
  }
}
