package io.github.ibmb4j.bench;

import io.github.ibmb4j.tensor.Kernels;
import io.github.ibmb4j.tensor.Matrix;

/**
 * Prints the kernel provider the JVM picked and runs one small product through it; used to check
 * that the jar runs (on the scalar fallback) without {@code --add-modules jdk.incubator.vector}.
 */
public final class ProviderInfo {
  private ProviderInfo() {}

  public static void main(String[] args) {
    Matrix a = Matrix.zeros(2, 3);
    Matrix b = Matrix.zeros(3, 2);
    for (int i = 0; i < 6; i++) {
      a.data()[i] = i + 1;
      b.data()[i] = 6 - i;
    }
    Matrix c = Matrix.zeros(2, 2);
    Kernels.matmul(a, b, c, false);
    System.out.println("provider " + Kernels.provider() + ", [1 2 3; 4 5 6]·[6 5; 4 3; 2 1] = "
        + java.util.Arrays.toString(c.data()));
  }
}
