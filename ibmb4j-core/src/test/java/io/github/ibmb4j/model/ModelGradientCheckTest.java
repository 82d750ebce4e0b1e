package io.github.ibmb4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ibmb4j.tensor.Batch;
import io.github.ibmb4j.nn.NllLoss;
import io.github.ibmb4j.nn.Parameter;
import io.github.ibmb4j.nn.Ref;
import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Matrix;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * End-to-end gradient check of every model (dropout 0, so the forward is deterministic): the loss and
 * every parameter gradient of the float model against a double-precision composition of the layer
 * references and central differences. Pins the wiring: layer order, in-place activations, the
 * last-layer row limit, heads, the final Linear.
 */
class ModelGradientCheckTest {

  @ParameterizedTest
  @EnumSource(ModelSpec.Type.class)
  void modelGradientsMatchADoubleReference(ModelSpec.Type type) {
    Batch batch = TinyGraphs.batch(16, 8, 5, 31);
    ModelSpec spec = ModelSpec.of(type, 8, 4, TinyGraphs.CLASSES, 2).withDropout(0f);
    if (type == ModelSpec.Type.GAT) {
      spec = spec.withHeads(2);
    }
    GnnModel model = GnnModel.create(spec, 3);
    SplittableRandom rnd = new SplittableRandom(4);
    for (Parameter p : model.parameters()) { // non-trivial biases and LayerNorm affine parameters
      if (p.name().endsWith("bias") || p.name().startsWith("norms")) {
        for (int k = 0; k < p.size(); k++) {
          p.values()[k] += (float) (rnd.nextDouble() - 0.5);
        }
      }
    }
    model.zeroGrad();
    Matrix lp = model.forward(batch, true, rnd);
    Matrix grad = Matrix.zeros(lp.rows(), lp.cols());
    double loss = NllLoss.loss(lp, batch.labels(), null, grad);
    model.backward(grad);

    List<Parameter> ps = model.parameters();
    double[][] in = new double[ps.size()][];
    for (int k = 0; k < in.length; k++) {
      in[k] = Ref.toDouble(ps.get(k).values());
    }
    Function<double[][], Double> ref = reference(spec, batch);
    assertThat(loss).isCloseTo(ref.apply(in), org.assertj.core.data.Offset.offset(1e-4));
    double[][] num = Ref.numericGrad(ref, in, 1e-6);
    for (int k = 0; k < in.length; k++) {
      Ref.assertClose(ps.get(k).grads(), num[k], 3e-3, ps.get(k).name());
    }
  }

  private static Function<double[][], Double> reference(ModelSpec spec, Batch batch) {
    CsrMatrix adj = batch.adjacency(0, 1);
    double[][] a = Ref.dense(adj);
    boolean[][] s = Ref.structure(adj);
    int n = batch.numNodes();
    int outs = batch.numOutputs();
    double[] x = Ref.toDouble(batch.features().data());
    int f = spec.inputDim();
    int hid = spec.hiddenDim();
    int c = spec.numClasses();
    int heads = spec.heads();
    return p -> {
      double[] h = x;
      int in = f;
      int k = 0;
      int rows = n;
      for (int l = 0; l < spec.numLayers(); l++) {
        rows = l == spec.numLayers() - 1 ? outs : n;
        boolean last = l == spec.numLayers() - 1;
        switch (spec.type()) {
          case GCN -> {
            h = Ref.gcn(a, rows, h, in, p[k], hid, p[k + 1]);
            k += 2;
            h = Ref.relu(Ref.layerNorm(h, rows, hid, p[k], p[k + 1]));
            k += 2;
            in = hid;
          }
          case SAGE -> {
            h = Ref.sage(s, rows, h, in, p[k], p[k + 1], p[k + 2], hid);
            k += 3;
            h = Ref.relu(Ref.layerNorm(h, rows, hid, p[k], p[k + 1]));
            k += 2;
            in = hid;
          }
          case GAT -> {
            if (last) {
              h = Ref.gat(s, rows, h, in, p[k], p[k + 1], p[k + 2], p[k + 3], heads, c, false);
              k += 4;
            } else {
              h = Ref.gat(s, rows, h, in, p[k], p[k + 1], p[k + 2], p[k + 3], heads, hid, true);
              k += 4;
              h = Ref.elu(Ref.layerNorm(h, rows, heads * hid, p[k], p[k + 1]));
              k += 2;
              in = heads * hid;
            }
          }
        }
      }
      if (spec.type() != ModelSpec.Type.GAT) {
        h = Ref.linear(h, rows, hid, p[k], c, p[k + 1]);
      }
      return Ref.nll(Ref.logSoftmax(h, outs, c), outs, c, batch.labels(), null);
    };
  }
}
