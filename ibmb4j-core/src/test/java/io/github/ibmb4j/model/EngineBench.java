package io.github.ibmb4j.model;

import io.github.ibmb4j.tensor.Batch;
import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.Datasets;
import io.github.ibmb4j.graph.Normalization;
import io.github.ibmb4j.nn.NllLoss;
import io.github.ibmb4j.optim.Adam;
import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.testing.FullGraph;
import io.github.ibmb4j.tensor.Kernels;
import io.github.ibmb4j.tensor.Matrix;
import java.util.SplittableRandom;

/**
 * Manual timing of full-batch training steps (forward + loss + backward + Adam) and evaluation
 * forwards on a real dataset; not a test. Usage (from the repository root, after
 * {@code mvn -pl ibmb4j-core test-compile}):
 * {@code java --add-modules jdk.incubator.vector -cp <classpath> io.github.ibmb4j.model.EngineBench
 * <dataset dir> <gcn|sage|gat> <layers> <hidden> <heads> <threads> <steps>}.
 */
public final class EngineBench {
  private EngineBench() {}

  public static void main(String[] args) throws Exception {
    Dataset d = Datasets.open(args[0]);
    ModelSpec.Type type = ModelSpec.Type.parse(args[1]);
    int layers = Integer.parseInt(args[2]);
    int hidden = Integer.parseInt(args[3]);
    int heads = Integer.parseInt(args[4]);
    Parallel.setThreads(Integer.parseInt(args[5]));
    int steps = Integer.parseInt(args[6]);
    CsrMatrix adj = FullGraph.adjacency(d.graph(), Normalization.SYM);
    int n = adj.rows();
    int[] nodes = FullGraph.allNodes(n);
    Matrix x = d.features().gatherDense(nodes);
    Batch batch = new Batch(nodes, n, x, d.labels().clone(), new CsrMatrix[] {adj}, null);
    ModelSpec spec = new ModelSpec(type, x.cols(), hidden, d.numClasses(), layers, heads, 0.5f, true,
        type == ModelSpec.Type.GAT ? io.github.ibmb4j.nn.Activation.Kind.ELU
            : io.github.ibmb4j.nn.Activation.Kind.RELU, 0f, true);
    GnnModel model = GnnModel.create(spec, 1);
    Adam adam = new Adam(model.parameters(), 1e-3, 0);
    SplittableRandom rnd = new SplittableRandom(2);
    Matrix grad = Matrix.zeros(n, d.numClasses());
    double trainMs = 0;
    double evalMs = 0;
    for (int it = 0; it < steps + 2; it++) {
      long t0 = System.nanoTime();
      adam.zeroGrad();
      Matrix lp = model.forward(batch, true, rnd);
      NllLoss.loss(lp, batch.labels(), null, grad);
      model.backward(grad);
      adam.step();
      long t1 = System.nanoTime();
      Matrix e = model.forward(batch, false, null);
      long t2 = System.nanoTime();
      if (it >= 2) {
        trainMs += (t1 - t0) / 1e6;
        evalMs += (t2 - t1) / 1e6;
      }
      if (it == steps + 1) {
        System.out.printf("%s %s L=%d hidden=%d heads=%d threads=%d kernels=%s n=%d nnz=%d F=%d: "
            + "train step %.1f ms, eval forward %.1f ms, train acc %.3f%n", d.name(), type.id(),
            layers, hidden, heads, Parallel.threads(), Kernels.provider(), n, adj.nnz(), x.cols(),
            trainMs / steps, evalMs / steps, NllLoss.correct(e, batch.labels()) / (double) n);
      }
    }
  }
}
