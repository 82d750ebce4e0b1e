package io.github.ibmb4j.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.Datasets;
import io.github.ibmb4j.batching.BatchMaterializer;
import io.github.ibmb4j.batching.IbmbNodeMethod;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.model.GnnModel;
import io.github.ibmb4j.model.ModelSpec;
import io.github.ibmb4j.testing.SharedData;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The predictor's methods against full-graph inference, inductive requests, cache and micro-batching
 * determinism, and concurrency (cora, a seeded untrained GCN: equality does not need trained weights).
 */
class PredictorBehaviourTest {
  static Dataset cora;
  static GnnModel model;


  @BeforeAll
  static void setUp() throws IOException {
    cora = Datasets.open(SharedData.graphNpz("cora").toString());
    model = GnnModel.create(ModelSpec.of(ModelSpec.Type.GCN, cora.features().dim(), 32,
        cora.numClasses(), 3), 11);
  }

  static Predictor open(PredictorOptions o) {
    return Predictor.of(model, cora, IbmbNodeMethod.DEFAULTS,
        BatchMaterializer.DEFAULT_NORMALIZATION, o.withMaxNodesPerRequest(cora.numNodes()));
  }

  static int[] sample(int count, long seed) {
    return new SplittableRandom(seed).ints(0, cora.numNodes()).distinct().limit(count).toArray();
  }

  static void assertSame(Prediction a, Prediction b, double tolerance) {
    assertThat(a.node()).isEqualTo(b.node());
    assertThat(a.predicted()).as("node %d", a.node()).isEqualTo(b.predicted());
    for (int c = 0; c < a.probabilities().length; c++) {
      assertThat((double) a.probabilities()[c]).as("node %d class %d", a.node(), c)
          .isCloseTo(b.probabilities()[c], within(tolerance));
    }
  }

  @Test
  void receptiveFieldEqualsFullGraphInference() {
    int[] nodes = sample(150, 1);
    try (Predictor full = open(PredictorOptions.defaults().withMethod("full"));
        Predictor rf = open(PredictorOptions.defaults().withMethod("receptive-field"));
        Predictor ball = open(PredictorOptions.defaults().withMethod("ibmb-node").withHops(3))) {
      Predictions f = full.predict(nodes);
      Predictions r = rf.predict(nodes);
      Predictions b = ball.predict(nodes);
      for (int i = 0; i < nodes.length; i++) {
        assertSame(r.get(i), f.get(i), 1e-5);
        assertSame(b.get(i), f.get(i), 1e-5);
        // alone, too
        assertSame(rf.predict(nodes[i]).get(0), f.get(i), 1e-5);
      }
    }
  }

  @Test
  void defaultsAreTheExactMethod() {
    assertThat(PredictorOptions.defaults().method()).isEqualTo("receptive-field");
  }

  @Test
  void embeddingsAreTheFinalHiddenRepresentation() {
    try (Predictor p = open(PredictorOptions.defaults())) {
      Predictions r = p.predict(PredictRequest.of(5, 9).withEmbeddings(true));
      assertThat(r.get(0).embedding()).hasSize(32);
      assertThat(p.predict(5).get(0).embedding()).isNull();
      // the final Linear of the embedding gives the logits: softmax reproduces the probabilities
      float[] w = model.parameter(model.parameters().get(model.parameters().size() - 2).name())
          .values();
      float[] bias = model.parameters().get(model.parameters().size() - 1).values();
      int c = cora.numClasses();
      double[] logits = new double[c];
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < c; k++) {
        logits[k] = bias[k];
        for (int j = 0; j < 32; j++) {
          logits[k] += w[k * 32 + j] * r.get(0).embedding()[j];
        }
        max = Math.max(max, logits[k]);
      }
      double z = 0;
      for (int k = 0; k < c; k++) {
        z += Math.exp(logits[k] - max);
      }
      for (int k = 0; k < c; k++) {
        assertThat(Math.exp(logits[k] - max) / z).isCloseTo(r.get(0).probabilities()[k],
            within(1e-4));
      }
    }
  }

  /** A new node with an existing node's features and neighbours is that node's twin in the request. */
  @Test
  void newNodeEqualToAnExistingOneGetsItsPrediction() {
    CsrGraph g = cora.graph();
    for (String method : List.of("receptive-field", "ibmb-node", "full")) {
      try (Predictor p = open(PredictorOptions.defaults().withMethod(method).withHops(
          method.equals("ibmb-node") ? 3 : 0))) {
        for (int v : new int[] {12, 1708, 2000}) {
          float[] x = cora.features().gatherDense(new int[] {v}).data();
          PredictRequest r = PredictRequest.of(v).withNewNodes(List.of(
              new PredictRequest.NewNode(x, g.neighbors(v), null)));
          Predictions out = p.predict(r);
          assertThat(out.get(1).isNew()).isTrue();
          assertThat(out.get(1).label()).isEqualTo(-1);
          assertSame(new Prediction(v, -1, out.get(1).predicted(), out.get(1).probability(),
              out.get(1).probabilities(), null, 0), out.get(0), 1e-5);
        }
      }
    }
  }

  @Test
  void newNodesAreSeenOnlyByTheirRequest() throws Exception {
    CsrGraph before = cora.graph();
    int u = 1708;
    try (Predictor p = open(PredictorOptions.defaults())) {
      Prediction alone = p.predict(u).get(0);
      float[] x = new float[cora.features().dim()];
      Arrays.fill(x, 1f);
      // new nodes hanging on u change u's neighbourhood inside their request only
      PredictRequest withNew = PredictRequest.of(u).withNewNodes(List.of(
          new PredictRequest.NewNode(x, new int[] {u}, new int[] {1}),
          new PredictRequest.NewNode(x, new int[] {u}, new int[] {0})));
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<Prediction>> plain = new ArrayList<>();
        List<Future<Predictions>> inductive = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          inductive.add(pool.submit(() -> p.predict(withNew)));
          plain.add(pool.submit(() -> p.predict(u).get(0)));
          inductive.add(p.submit(withNew));
          plain.add(p.submit(u).thenApply(r -> r.get(0)));
        }
        for (Future<Prediction> f : plain) {
          assertThat(f.get().probabilities()).isEqualTo(alone.probabilities());
        }
        Prediction changed = inductive.get(0).get().get(0);
        assertThat(changed.probabilities()).isNotEqualTo(alone.probabilities());
        for (Future<Predictions> f : inductive) {
          assertThat(f.get().get(0).probabilities()).isEqualTo(changed.probabilities());
          assertThat(f.get().size()).isEqualTo(3);
        }
      } finally {
        pool.shutdown();
      }
    }
    assertThat(cora.graph()).isSameAs(before);
    assertThat(cora.graph().numNodes()).isEqualTo(2708);
  }

  /**
   * Micro-batching: requests merged into one computation get bit-identical answers whatever their
   * arrival order; against each node computed alone the answers agree within float rounding (the
   * merged blocks are larger, and kernels may sum in another order for other shapes).
   */
  @Test
  void microBatchingDoesNotDependOnArrivalOrder() throws Exception {
    int[] nodes = sample(60, 3);
    // the window outlasts the submissions and the batch closes when all 60 have arrived
    PredictorOptions o = PredictorOptions.defaults().withBatchWindow(Duration.ofSeconds(30))
        .withMaxBatchNodes(nodes.length);
    try (Predictor direct = open(PredictorOptions.defaults());
        Predictor batched = open(o)) {
      Prediction[] alone = new Prediction[nodes.length];
      for (int i = 0; i < nodes.length; i++) {
        alone[i] = direct.predict(nodes[i]).get(0);
      }
      float[][] first = null;
      for (long seed : new long[] {1, 2, 3}) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
          order.add(i);
        }
        Collections.shuffle(order, new java.util.Random(seed));
        List<CompletableFuture<Predictions>> fs = new ArrayList<>();
        for (int i : order) {
          fs.add(batched.submit(nodes[i]));
        }
        float[][] got = new float[nodes.length][];
        for (int k = 0; k < order.size(); k++) {
          Predictions r = fs.get(k).get();
          assertThat(r.mergedRequests()).isEqualTo(nodes.length);
          got[order.get(k)] = r.get(0).probabilities();
          assertSame(r.get(0), alone[order.get(k)], 1e-5);
        }
        if (first == null) {
          first = got;
        } else {
          assertThat(got).isDeepEqualTo(first);
        }
      }
      assertThat(batched.stats().computations()).isEqualTo(3);
      assertThat(batched.stats().requestsPerComputation()).isEqualTo(nodes.length);
    }
  }

  /** ibmb-node answers depend on the output set only: not on order, duplicates or the cache. */
  @Test
  void ibmbNodeAnswersDependOnTheOutputSetOnly() {
    int[] nodes = sample(200, 4);
    int[] reversed = nodes.clone();
    for (int i = 0; i < nodes.length; i++) {
      reversed[i] = nodes[nodes.length - 1 - i];
    }
    PredictorOptions o = PredictorOptions.defaults().withMethod("ibmb-node").withTopk(16);
    try (Predictor cached = open(o);
        Predictor uncached = open(o.withCacheSize(0))) {
      cached.predict(Arrays.copyOf(nodes, 50)); // warm part of the cache
      Predictions a = cached.predict(nodes);
      Predictions b = uncached.predict(reversed);
      for (int i = 0; i < nodes.length; i++) {
        assertThat(a.get(i).probabilities())
            .isEqualTo(b.get(nodes.length - 1 - i).probabilities());
      }
      PredictorStats s = cached.stats();
      assertThat(s.cacheHits()).isEqualTo(50);
      assertThat(s.cacheMisses()).isEqualTo(200);
      assertThat(s.cacheHitRate()).isEqualTo(0.2);
      assertThat(uncached.stats().cacheEntries()).isZero();
    }
  }

  @Test
  void cacheIsBoundedLeastRecentlyUsed() {
    try (Predictor p = open(PredictorOptions.defaults().withMethod("ibmb-node").withCacheSize(3))) {
      p.predict(1);
      p.predict(2);
      p.predict(3);
      p.predict(1); // hit; 2 is now the least recently used
      p.predict(4); // evicts 2
      p.predict(2); // miss again
      PredictorStats s = p.stats();
      assertThat(s.cacheEntries()).isEqualTo(3);
      assertThat(s.cacheHits()).isEqualTo(1);
      assertThat(s.cacheMisses()).isEqualTo(5);
    }
  }

  @Test
  void manyThreadsGetTheSequentialAnswers() throws Exception {
    int[] nodes = sample(40, 5);
    try (Predictor p = open(PredictorOptions.defaults().withBatchWindow(Duration.ofMillis(5)))) {
      Prediction[] expected = new Prediction[nodes.length];
      for (int i = 0; i < nodes.length; i++) {
        expected[i] = p.predict(nodes[i]).get(0);
      }
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<Boolean>> fs = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          int shift = t;
          fs.add(pool.submit(() -> {
            for (int k = 0; k < nodes.length; k++) {
              int i = (k + shift * 5) % nodes.length;
              Prediction got = (k % 2 == 0 ? p.predict(nodes[i]) : p.submit(nodes[i]).get())
                  .get(0);
              // direct calls are bit-identical; submitted ones may share a micro-batch (rounding)
              assertSame(got, expected[i], k % 2 == 0 ? 0 : 1e-5);
            }
            return true;
          }));
        }
        for (Future<Boolean> f : fs) {
          assertThat(f.get()).isTrue();
        }
      } finally {
        pool.shutdown();
      }
      assertThat(p.stats().requests()).isEqualTo(nodes.length + 8L * nodes.length);
    }
  }

  @Test
  void closeAnswersQueuedRequestsThenRefuses() throws Exception {
    Predictor p = open(PredictorOptions.defaults().withBatchWindow(Duration.ofMillis(20)));
    List<CompletableFuture<Predictions>> fs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      fs.add(p.submit(i));
    }
    p.close();
    for (CompletableFuture<Predictions> f : fs) {
      assertThat(f.isDone()).isTrue();
      assertThat(f.get().size()).isEqualTo(1);
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.submit(1))
        .isInstanceOf(IllegalStateException.class);
  }
}
