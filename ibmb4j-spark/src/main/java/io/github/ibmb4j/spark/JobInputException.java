package io.github.ibmb4j.spark;

/**
 * Bad input to a Spark job (a missing or mistyped column, a value out of range, an unknown option): the
 * message names the value and what was expected; the launcher prints it on one line and exits with 2.
 * Thrown inside a task it reaches the driver as the cause of Spark's job failure.
 */
public final class JobInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JobInputException(String message) {
    super(message);
  }

  /** The first {@link JobInputException} in {@code t}'s cause chain, or null. */
  static JobInputException find(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof JobInputException e) {
        return e;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }
}
