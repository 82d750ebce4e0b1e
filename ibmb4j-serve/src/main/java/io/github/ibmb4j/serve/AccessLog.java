package io.github.ibmb4j.serve;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the one structured line per request goes, in logfmt:
 * {@code method=POST path=/v1/predict status=200 latency_ms=1.84 nodes=3 remote=127.0.0.1}
 * ({@code nodes} is {@code -} for requests without nodes). Implementations must be thread-safe.
 */
@FunctionalInterface
public interface AccessLog {
  /** Receives one formatted line. */
  void line(String line);

  /** Formats and emits one request. */
  default void log(String method, String path, int status, long nanos, int nodes, String remote) {
    line(String.format(Locale.ROOT, "method=%s path=%s status=%d latency_ms=%.3f nodes=%s remote=%s",
        method, path, status, nanos / 1e6, nodes < 0 ? "-" : Integer.toString(nodes), remote));
  }

  /** The SLF4J logger {@code io.github.ibmb4j.serve.access} at INFO. */
  static AccessLog slf4j() {
    Logger log = LoggerFactory.getLogger("io.github.ibmb4j.serve.access");
    return log::info;
  }
}
