package io.github.ibmb4j.serve;

/**
 * A request the service answers with an error status and the JSON body
 * {@code {"error": ..., "field": ..., "expected": ...}} (field and expected may be null). Thrown by
 * request parsing and admission; never carries a stack trace to the client.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String field;
  private final String expected;
  private final int retryAfterSeconds;

  ApiException(int status, String error, String field, String expected, int retryAfterSeconds) {
    super(error, null, false, false);
    this.status = status;
    this.field = field;
    this.expected = expected;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** 400: a value of the request is wrong. */
  static ApiException badRequest(String error, String field, String expected) {
    return new ApiException(400, error, field, expected, 0);
  }

  /**
   * 400 from the predictor's validation message, which starts with the field and ends with what was
   * expected ({@code "nodes[3] is -1, expected a node id in [0, 2708)"}).
   */
  static ApiException fromValidation(IllegalArgumentException e) {
    String m = e.getMessage() == null ? "invalid request" : e.getMessage();
    int sp = m.indexOf(' ');
    String field = sp > 0 ? m.substring(0, sp) : null;
    int ex = m.lastIndexOf(", expected ");
    String expected = ex >= 0 ? m.substring(ex + ", expected ".length()) : null;
    return new ApiException(400, m, field, expected, 0);
  }

  /** 503 with a Retry-After header. */
  static ApiException unavailable(String error, int retryAfterSeconds) {
    return new ApiException(503, error, null, null, retryAfterSeconds);
  }

  int status() {
    return status;
  }

  String field() {
    return field;
  }

  String expected() {
    return expected;
  }

  /** Seconds for a Retry-After header, or 0 for none. */
  int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
