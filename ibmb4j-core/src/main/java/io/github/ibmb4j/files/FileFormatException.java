package io.github.ibmb4j.files;

import java.io.IOException;

/**
 * A file exists but its content is not what was expected: damaged, truncated, of another format, or
 * holding values outside their stated range. The one-line message names the file and the problem.
 * Callers treat it as bad input, not as an internal error.
 */
public class FileFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public FileFormatException(String message) {
    super(message);
  }

  public FileFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
