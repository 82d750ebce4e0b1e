package io.github.ibmb4j.data;

import io.github.ibmb4j.files.FileFormatException;

/** A dataset file exists but is not in the expected format; the message names the file and the problem. */
public class DatasetFormatException extends FileFormatException {
  private static final long serialVersionUID = 1L;

  public DatasetFormatException(String message) {
    super(message);
  }

  public DatasetFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
