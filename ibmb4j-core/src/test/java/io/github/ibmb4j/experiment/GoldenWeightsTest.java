package io.github.ibmb4j.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ibmb4j.batching.BatchingMethod;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.Datasets;
import io.github.ibmb4j.data.SyntheticGraphs;
import io.github.ibmb4j.model.ModelSpec;
import io.github.ibmb4j.nn.Parameter;
import io.github.ibmb4j.progress.ProgressListener;
import io.github.ibmb4j.tensor.Kernels;
import io.github.ibmb4j.testing.SharedData;
import io.github.ibmb4j.train.Evaluation;
import io.github.ibmb4j.train.TrainListener;
import io.github.ibmb4j.train.TrainOptions;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Refactorings keep results bit-identical: for every batching method, a short training run on cora,
 * amazon-computers and a small synthetic graph must produce exactly the trained weights and test
 * inference results recorded in {@code golden-weights.properties} before the refactoring.
 *
 * <p>Float sums round differently with other vector widths, so the golden digests are kept per
 * kernel implementation ({@code scalar}, {@code panama-256}, {@code panama-512}, ...); the scalar
 * entries hold on every machine (the scalar Surefire pass runs this class too), an implementation
 * without entries is skipped. To record the entries of a new implementation, run this class and copy
 * the {@code golden:} lines it prints into the file. Results do not depend on the thread count, so
 * neither do the digests.
 */
class GoldenWeightsTest {
  private static final List<String> METHODS = List.of("ibmb-node", "ibmb-batch", "cluster-gcn",
      "randfix", "rand", "saint-rw", "neighbor", "ladies", "shadow", "full");

  private static Properties golden() throws Exception {
    Properties p = new Properties();
    try (InputStream in = GoldenWeightsTest.class.getResourceAsStream("golden-weights.properties")) {
      if (in != null) {
        p.load(in);
      }
    }
    return p;
  }

  @TestFactory
  List<DynamicTest> trainedWeightsAndInferenceMatchTheRecordedDigests() throws Exception {
    Properties golden = golden();
    String provider = Kernels.provider();
    List<DynamicTest> tests = new ArrayList<>();
    record Case(String dataset, ModelSpec.Type model) {}
    List<Case> cases = List.of(new Case("synthetic", ModelSpec.Type.GCN),
        new Case("synthetic", ModelSpec.Type.SAGE), new Case("synthetic", ModelSpec.Type.GAT),
        new Case("cora", ModelSpec.Type.GCN), new Case("amazon-computers", ModelSpec.Type.GCN));
    for (Case c : cases) {
      for (String method : METHODS) {
        String key = provider + "." + c.dataset() + "." + c.model().id() + "." + method;
        tests.add(DynamicTest.dynamicTest(key, () -> {
          String expected = golden.getProperty(key);
          String actual = digest(dataset(c.dataset()), c.model(), method);
          System.out.println("golden: " + key + "=" + actual);
          Assumptions.assumeTrue(expected != null,
              "no golden digest for " + key + " (kernel implementation " + provider + ")");
          assertThat(actual).as(key).isEqualTo(expected);
        }));
      }
    }
    return tests;
  }

  private static Dataset synthetic;

  private static Dataset dataset(String name) throws Exception {
    if (name.equals("synthetic")) {
      if (synthetic == null) {
        synthetic = SyntheticGraphs.generate(
            SyntheticGraphs.Options.ofNodes(1200).withFeatures(24).withSeed(7), ProgressListener.NONE);
      }
      return synthetic;
    }
    return Datasets.open(SharedData.graphNpz(name).toString());
  }

  /** SHA-256 over the trained weights and every test inference's predictions and loss. */
  private static String digest(Dataset d, ModelSpec.Type type, String method) throws Exception {
    ModelOptions mo = ModelOptions.defaults(type);
    mo = new ModelOptions(mo.type(), type == ModelSpec.Type.GAT ? 8 : 16, mo.layers(), mo.heads(),
        mo.dropout(), mo.weightDecay());
    TrainingRun.Spec spec = new TrainingRun.Spec(
        TrainingRun.Batching.of(BatchingMethod.defaults(method, 3), 3), mo,
        TrainOptions.reference(5).withEpochs(2), 0);
    TrainingRun.Result r = TrainingRun.run(d, spec, null, null, TrainListener.NONE,
        ProgressListener.NONE);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (Parameter p : r.model().parameters()) {
      float[] v = p.values();
      ByteBuffer b = ByteBuffer.allocate(4 * v.length);
      for (float x : v) {
        b.putInt(Float.floatToRawIntBits(x));
      }
      sha.update(b.array());
    }
    for (TrainingRun.Inference i : r.inference()) {
      Evaluation e = i.evaluation();
      sha.update(i.method().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      ByteBuffer b = ByteBuffer.allocate(8 + 8 * e.nodes().length);
      b.putDouble(e.loss());
      for (int k = 0; k < e.nodes().length; k++) {
        b.putInt(e.nodes()[k]).putInt(e.predicted()[k]);
      }
      sha.update(b.array());
    }
    return HexFormat.of().formatHex(sha.digest(), 0, 16);
  }
}
