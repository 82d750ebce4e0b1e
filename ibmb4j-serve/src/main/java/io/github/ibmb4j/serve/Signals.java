package io.github.ibmb4j.serve;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT run a shutdown action instead of the JVM's default exit (status 143/130): the
 * action drains the server, and the process then ends normally with status 0. Uses
 * {@code sun.misc.Signal} (module jdk.unsupported), the JDK's supported way to handle a signal.
 */
final class Signals {
  private Signals() {}

  /** Runs {@code action} once, on the first SIGTERM or SIGINT. */
  static void onTermination(Runnable action) {
    java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), s -> {
        if (once.compareAndSet(false, true)) {
          action.run();
        }
      });
    }
  }
}
