package io.github.ibmb4j.cli;

/** Bad usage or input detected by a command; exits with code 2 and prints the message on one line. */
public class UserInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserInputException(String message) {
    super(message);
  }

  public UserInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
