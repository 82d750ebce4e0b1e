package io.github.ibmb4j.serve;

import java.time.Duration;
import java.util.List;

/**
 * Settings of the HTTP layer (the predictor's own settings live in
 * {@link io.github.ibmb4j.serving.PredictorOptions}). Validated on construction; a bad value is an
 * {@link IllegalArgumentException} naming it.
 *
 * @param host the address to listen on (127.0.0.1 by default: loopback only)
 * @param port the port, 0 for an ephemeral one
 * @param maxBodyBytes the largest request body accepted (413 beyond)
 * @param maxInFlight prediction requests admitted at once (read, queued or computing); past it
 *     503 with Retry-After, so memory stays bounded by {@code maxInFlight × maxBodyBytes}
 * @param requestTimeout the time a prediction may take from arrival to answer (504 beyond)
 * @param drainTimeout how long a graceful shutdown waits for in-flight requests
 * @param labelNames the class names, index = class (empty when unknown)
 */
public record ServeOptions(String host, int port, long maxBodyBytes, int maxInFlight,
    Duration requestTimeout, Duration drainTimeout, List<String> labelNames) {

  public ServeOptions {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host is empty, expected an address such as 127.0.0.1");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port is " + port + ", expected in [0, 65535]");
    }
    if (maxBodyBytes < 2) {
      throw new IllegalArgumentException("maxBodyBytes is " + maxBodyBytes + ", expected >= 2");
    }
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight is " + maxInFlight + ", expected >= 1");
    }
    if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout is " + requestTimeout + ", expected > 0");
    }
    if (drainTimeout == null || drainTimeout.isNegative()) {
      throw new IllegalArgumentException("drainTimeout is " + drainTimeout + ", expected >= 0");
    }
    labelNames = labelNames == null ? List.of() : List.copyOf(labelNames);
  }

  /** Loopback, port 8080, 4 MiB bodies, 256 requests in flight, 10 s timeout, 30 s drain. */
  public static ServeOptions defaults() {
    return new ServeOptions("127.0.0.1", 8080, 4L << 20, 256, Duration.ofSeconds(10),
        Duration.ofSeconds(30), List.of());
  }

  public ServeOptions withHost(String v) {
    return new ServeOptions(v, port, maxBodyBytes, maxInFlight, requestTimeout, drainTimeout,
        labelNames);
  }

  public ServeOptions withPort(int v) {
    return new ServeOptions(host, v, maxBodyBytes, maxInFlight, requestTimeout, drainTimeout,
        labelNames);
  }

  public ServeOptions withMaxBodyBytes(long v) {
    return new ServeOptions(host, port, v, maxInFlight, requestTimeout, drainTimeout, labelNames);
  }

  public ServeOptions withMaxInFlight(int v) {
    return new ServeOptions(host, port, maxBodyBytes, v, requestTimeout, drainTimeout, labelNames);
  }

  public ServeOptions withRequestTimeout(Duration v) {
    return new ServeOptions(host, port, maxBodyBytes, maxInFlight, v, drainTimeout, labelNames);
  }

  public ServeOptions withDrainTimeout(Duration v) {
    return new ServeOptions(host, port, maxBodyBytes, maxInFlight, requestTimeout, v, labelNames);
  }

  public ServeOptions withLabelNames(List<String> v) {
    return new ServeOptions(host, port, maxBodyBytes, maxInFlight, requestTimeout, drainTimeout, v);
  }
}
