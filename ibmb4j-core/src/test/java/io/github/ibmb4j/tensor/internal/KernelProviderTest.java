package io.github.ibmb4j.tensor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ibmb4j.tensor.Kernels;
import org.junit.jupiter.api.Test;

/**
 * Which implementation {@link Kernels} uses. Surefire runs this class twice: with the Vector API
 * module (expects Panama) and again with {@code -Dibmb.kernels=scalar} (expects the reference).
 */
class KernelProviderTest {

  @Test
  void facadeUsesTheRequestedProvider() {
    String requested = System.getProperty(KernelProvider.PROPERTY, "auto");
    if (requested.equals("scalar")) {
      assertThat(Kernels.provider()).isEqualTo("scalar");
    } else {
      // Surefire runs with --add-modules jdk.incubator.vector.
      assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isPresent();
      if (panamaUsable()) {
        assertThat(Kernels.provider()).startsWith("panama-");
      } else {
        assertThat(Kernels.provider()).isEqualTo("scalar"); // fewer than 8 float lanes
      }
    }
  }

  static boolean panamaUsable() {
    try {
      KernelProvider.loadPanama();
      return true;
    } catch (UnsupportedOperationException e) {
      return false;
    }
  }

  @Test
  void scalarCanBeForcedAndUnknownNamesAreRejected() {
    assertThat(KernelProvider.choose("scalar").name()).isEqualTo("scalar");
    assertThat(KernelProvider.choose(" Scalar ").name()).isEqualTo("scalar");
    assertThat(KernelProvider.choose("auto").name()).startsWith(panamaUsable() ? "panama-" : "scalar");
    assertThatThrownBy(() -> KernelProvider.choose("cuda"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cuda");
  }
}
