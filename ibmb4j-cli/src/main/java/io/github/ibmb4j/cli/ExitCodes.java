package io.github.ibmb4j.cli;

import io.github.ibmb4j.data.DatasetFormatException;
import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.zip.ZipException;
import picocli.CommandLine;

/** Maps failures to exit codes: 2 for bad usage or input, 1 for internal errors. */
public final class ExitCodes {
  /** Success. */
  public static final int OK = 0;
  /** Internal error. */
  public static final int INTERNAL = 1;
  /** Bad usage or bad input. */
  public static final int BAD_INPUT = 2;

  private ExitCodes() {}

  /** Whether {@code e} (or the I/O cause it wraps) is the user's input being wrong. */
  static boolean isBadInput(Throwable e) {
    if (e instanceof UncheckedIOException u) {
      e = u.getCause();
    }
    return e instanceof UserInputException
        || e instanceof IllegalArgumentException
        || e instanceof DatasetFormatException
        || e instanceof NoSuchFileException
        || e instanceof FileNotFoundException
        || e instanceof AccessDeniedException
        || e instanceof FileAlreadyExistsException
        || e instanceof ZipException
        || e instanceof java.io.EOFException;
  }

  /** One line: the exception's message, or its type where there is none. */
  static String oneLine(Throwable e) {
    if (e instanceof UncheckedIOException u && u.getCause() != null) {
      e = u.getCause();
    }
    String m = e.getMessage();
    if (e instanceof NoSuchFileException) {
      m = "file not found: " + m;
    } else if (e instanceof AccessDeniedException) {
      m = "permission denied: " + m;
    } else if (e instanceof FileAlreadyExistsException) {
      m = "already exists: " + m;
    }
    if (m == null || m.isBlank()) {
      m = e.getClass().getSimpleName();
    }
    return m.replace('\n', ' ');
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

  static final class ExecutionHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
        Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
      PrintWriter err = cl.getErr();
      boolean bad = isBadInput(ex);
      err.println("ibmb: " + (bad ? "" : "internal error: ") + oneLine(ex));
      if (verbose(cl)) {
        ex.printStackTrace(err);
      } else if (!bad) {
        err.println("(run again with --verbose for the stack trace)");
      }
      err.flush();
      return bad ? BAD_INPUT : INTERNAL;
    }
  }

  static final class ParameterHandler implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
      CommandLine cl = ex.getCommandLine();
      PrintWriter err = cl.getErr();
      err.println("ibmb: " + oneLine(ex));
      err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
      err.flush();
      return BAD_INPUT;
    }
  }
}
