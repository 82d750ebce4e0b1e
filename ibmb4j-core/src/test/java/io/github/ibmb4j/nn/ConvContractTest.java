package io.github.ibmb4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Matrix;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The conv contract (ARCHITECTURE §4): shapes, permutation equivariance (permuting non-output nodes
 * leaves the output rows unchanged, and permuting all nodes permutes full outputs), transpose caching,
 * thread-count independence and shape errors; for every conv.
 */
class ConvContractTest {

  private static GraphConv make(String kind, int in, int out, AdjacencyCache cache, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    return switch (kind) {
      case "gcn" -> new GcnConv("c", in, out, true, true, cache, rnd);
      case "sage" -> new SageConv("c", in, out, true, cache, rnd);
      case "gat" -> new GatConv("c", in, out, 2, true, true, cache, rnd);
      case "gat-mean" -> new GatConv("c", in, out, 3, false, true, cache, rnd);
      default -> throw new IllegalArgumentException(kind);
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"gcn", "sage", "gat", "gat-mean"})
  void outputRowsInvariantUnderPermutationOfOtherNodes(String kind) {
    SplittableRandom rnd = new SplittableRandom(11);
    int n = 40;
    int outputs = 9;
    CsrMatrix adj = Ref.randomAdjacency(n, n, 0.15, rnd);
    Matrix x = Ref.randomMatrix(n, 5, rnd);
    Matrix r = Ref.randomMatrix(outputs, make(kind, 5, 3, new AdjacencyCache(), 1).outFeatures(), rnd);
    int[] perm = Ref.permutationFixingPrefix(n, outputs, rnd);
    GraphConv a = make(kind, 5, 3, new AdjacencyCache(), 1);
    GraphConv b = make(kind, 5, 3, new AdjacencyCache(), 1);
    Matrix ya = a.forward(adj, outputs, x).copy();
    Matrix yb = b.forward(Ref.permute(adj, perm), outputs, Ref.permuteRows(x, perm)).copy();
    assertClose(ya.data(), yb.data(), 1e-5f);
    Matrix dxa = a.backward(r, true);
    Matrix dxb = b.backward(r, true);
    assertClose(Ref.permuteRows(dxa, perm).data(), dxb.data(), 1e-5f);
    for (int p = 0; p < a.parameters().size(); p++) {
      assertClose(a.parameters().get(p).grads(), b.parameters().get(p).grads(), 1e-4f);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"gcn", "sage", "gat", "gat-mean"})
  void fullOutputsArePermutedWithTheNodes(String kind) {
    SplittableRandom rnd = new SplittableRandom(12);
    int n = 30;
    CsrMatrix adj = Ref.randomAdjacency(n, n, 0.2, rnd);
    Matrix x = Ref.randomMatrix(n, 4, rnd);
    int[] perm = Ref.permutationFixingPrefix(n, 0, rnd);
    Matrix ya = make(kind, 4, 3, new AdjacencyCache(), 2).forward(adj, n, x).copy();
    Matrix yb = make(kind, 4, 3, new AdjacencyCache(), 2)
        .forward(Ref.permute(adj, perm), n, Ref.permuteRows(x, perm));
    assertClose(Ref.permuteRows(ya, perm).data(), yb.data(), 1e-5f);
  }

  @ParameterizedTest
  @ValueSource(strings = {"gcn", "sage", "gat", "gat-mean"})
  void sameResultsWithOneAndTwoThreadsAndCachedTransposes(String kind) {
    SplittableRandom rnd = new SplittableRandom(13);
    int n = 300;
    CsrMatrix adj = Ref.randomAdjacency(n, n, 0.03, rnd);
    Matrix x = Ref.randomMatrix(n, 6, rnd);
    int before = Parallel.threads();
    try {
      float[][] res = new float[2][];
      for (int t = 1; t <= 2; t++) {
        Parallel.setThreads(t);
        AdjacencyCache cache = new AdjacencyCache();
        GraphConv c = make(kind, 6, 4, cache, 3);
        Matrix y = c.forward(adj, 100, x);
        Matrix r = y.copy();
        Matrix dx = c.backward(r, true);
        int entries = cache.size();
        c.forward(adj, 100, x);
        c.backward(r, true);
        assertThat(cache.size()).as("transposes are built once per adjacency").isEqualTo(entries);
        float[] g = c.parameters().get(0).grads();
        res[t - 1] = concat(y.data(), dx.data(), g);
      }
      assertThat(res[1]).containsExactly(res[0]);
    } finally {
      Parallel.setThreads(before);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"gcn", "sage", "gat"})
  void shapeErrorsNameTheProblem(String kind) {
    SplittableRandom rnd = new SplittableRandom(14);
    GraphConv c = make(kind, 4, 3, new AdjacencyCache(), 4);
    CsrMatrix adj = Ref.randomAdjacency(6, 6, 0.3, rnd);
    assertThatThrownBy(() -> c.forward(adj, 6, Ref.randomMatrix(5, 4, rnd)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 rows");
    assertThatThrownBy(() -> c.forward(adj, 6, Ref.randomMatrix(6, 5, rnd)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 columns");
    assertThatThrownBy(() -> c.forward(adj, 7, Ref.randomMatrix(6, 4, rnd)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rows 7");
  }

  private static float[] concat(float[]... parts) {
    int n = 0;
    for (float[] p : parts) {
      n += p.length;
    }
    float[] out = new float[n];
    int o = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }

  private static void assertClose(float[] a, float[] b, float tol) {
    assertThat(a.length).isEqualTo(b.length);
    for (int k = 0; k < a.length; k++) {
      assertThat(Math.abs(a[k] - b[k])).as("element " + k + ": " + a[k] + " vs " + b[k])
          .isLessThanOrEqualTo(tol * (1 + Math.abs(a[k])));
    }
  }
}
