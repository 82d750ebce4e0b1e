package io.github.ibmb4j.tensor.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the {@link KernelSupport} once per JVM: {@link PanamaKernelSupport} when the
 * {@code jdk.incubator.vector} module is present and its preferred float species has at least 8
 * lanes, else {@link ScalarKernelSupport} with one logged reason. The Panama class is loaded by name,
 * so this class (and the jar) runs without {@code --add-modules jdk.incubator.vector}. System property
 * {@code ibmb.kernels=scalar} forces the reference ({@code panama} makes a missing module an error).
 *
 * <p>Thread-safety: the choice is made in the class initialiser.
 */
public final class KernelProvider {
  /** System property that selects the implementation: {@code auto} (default), scalar, panama. */
  public static final String PROPERTY = "ibmb.kernels";

  static final String PANAMA_CLASS = "io.github.ibmb4j.tensor.internal.PanamaKernelSupport";
  private static final Logger LOG = LoggerFactory.getLogger(KernelProvider.class);
  private static final KernelSupport INSTANCE = choose(System.getProperty(PROPERTY, "auto"));

  private KernelProvider() {}

  /** The chosen implementation. */
  public static KernelSupport get() {
    return INSTANCE;
  }

  static KernelSupport choose(String request) {
    String mode = request == null ? "auto" : request.trim().toLowerCase(java.util.Locale.ROOT);
    switch (mode) {
      case "scalar" -> {
        LOG.info("Using scalar kernels: forced by -D{}=scalar", PROPERTY);
        return new ScalarKernelSupport();
      }
      case "auto", "", "panama" -> {
        try {
          KernelSupport k = loadPanama();
          LOG.debug("Using {} kernels", k.name());
          return k;
        } catch (UnsupportedOperationException e) {
          if (mode.equals("panama")) {
            throw new IllegalStateException("-D" + PROPERTY + "=panama: " + e.getMessage(), e);
          }
          LOG.warn("Using scalar kernels (slow): {}", e.getMessage());
          return new ScalarKernelSupport();
        }
      }
      default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + request
          + " is not a kernel implementation, expected auto, scalar or panama");
    }
  }

  /**
   * Instantiates the Panama kernels by reflection.
   *
   * @throws UnsupportedOperationException with the reason when they cannot be used
   */
  static KernelSupport loadPanama() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      throw new UnsupportedOperationException("module jdk.incubator.vector is not present; "
          + "run the JVM with --add-modules jdk.incubator.vector for SIMD kernels");
    }
    try {
      return (KernelSupport) Class.forName(PANAMA_CLASS).getConstructor().newInstance();
    } catch (java.lang.reflect.InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UnsupportedOperationException u) {
        throw u;
      }
      throw new UnsupportedOperationException("Panama kernels failed to initialise: " + cause, e);
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new UnsupportedOperationException("Panama kernels could not be loaded: " + e, e);
    }
  }
}
