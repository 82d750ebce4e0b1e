package io.github.ibmb4j.model;

import io.github.ibmb4j.tensor.Batch;
import io.github.ibmb4j.nn.Activation;
import io.github.ibmb4j.nn.AdjacencyCache;
import io.github.ibmb4j.nn.Dropout;
import io.github.ibmb4j.nn.GraphConv;
import io.github.ibmb4j.nn.LayerNorm;
import io.github.ibmb4j.nn.Linear;
import io.github.ibmb4j.nn.LogSoftmax;
import io.github.ibmb4j.nn.Parameter;
import io.github.ibmb4j.nn.Workspace;
import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Matrix;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A GNN as in docs/algorithm.md §3.3 over one {@link Batch}: L graph convolutions, each but (for GAT) the
 * last followed by LayerNorm → activation → Dropout, an optional final Linear, and log-softmax.
 *
 * <p>Layer l uses {@code batch.adjacency(l, L)}. For a sub-graph batch every layer but the last computes
 * all n rows and the last only the output rows (§1.5); for layer-wise blocks layer l produces block
 * l's row count. The output is numOutputs × C log-probabilities.
 *
 * <p>Use: {@code zeroGrad()} → {@code forward(batch, true, rnd)} → loss gradient (see
 * {@code nn.NllLoss}) → {@code backward(grad)} → optimiser step; {@code infer(batch)} for predictions.
 * Buffers are reused while shapes recur, so forwards of recurring batches do not allocate.
 * Deterministic for a given seed and random generator whatever the thread count. Not thread-safe.
 *
 * <p><b>Memory.</b> A forward keeps what backward needs: per hidden layer the conv output (LayerNorm's
 * input) and the LayerNorm output, which ReLU and dropout then overwrite in place (dropout's mask is
 * not stored, see {@code nn.Dropout}), plus a GCN/SAGE layer's aggregate A·X where its weight gradient
 * needs it. Gradients and temporaries live in one {@link Workspace} shared by the layers (two or three
 * arrays of the largest n × width). {@link #infer} keeps nothing: it runs in the workspace alone.
 * {@link #releaseBuffers} frees everything between phases (e.g. after training, before full-graph
 * inference).
 */
public abstract class GnnModel {
  private final ModelSpec spec;
  /** Derived adjacencies (transposes) shared by the graph layers. */
  protected final AdjacencyCache cache = new AdjacencyCache();
  /** Transient matrices shared by the layers (gradients, temporaries, inference activations). */
  protected final Workspace workspace = new Workspace();
  private final List<GraphConv> convs = new ArrayList<>();
  private final List<LayerNorm> norms = new ArrayList<>();
  private final List<Activation> acts = new ArrayList<>();
  private final List<Dropout> drops = new ArrayList<>();
  private Linear lin;
  private final LogSoftmax logSoftmax = new LogSoftmax();
  private final List<Parameter> parameters = new ArrayList<>();
  private int numBlocks;
  private boolean forwardDone;
  /** ReLU activations: dropout runs in place over their output (see {@code Dropout}). */
  private final boolean reluInPlace;

  protected GnnModel(ModelSpec spec) {
    this.spec = spec;
    this.reluInPlace = spec.activation() == Activation.Kind.RELU;
  }

  /** Builds the model of {@code spec}, initialised from {@code seed}. */
  public static GnnModel create(ModelSpec spec, long seed) {
    return switch (spec.type()) {
      case GCN -> new GcnModel(spec, seed);
      case SAGE -> new SageModel(spec, seed);
      case GAT -> new GatModel(spec, seed);
    };
  }

  /** Adds graph layer l; {@code hidden} says whether LayerNorm/activation/Dropout follow it. */
  protected final void addConv(GraphConv conv, LayerNorm norm, boolean hidden) {
    convs.add(conv);
    parameters.addAll(conv.parameters());
    if (hidden) {
      numBlocks++;
      norms.add(norm);
      if (norm != null) {
        parameters.addAll(norm.parameters());
      }
      acts.add(new Activation(spec.activation()));
      drops.add(new Dropout(spec.dropout()));
    }
  }

  /** Sets the final Linear (GCN, SAGE). */
  protected final void setLinear(Linear l) {
    lin = l;
    parameters.addAll(l.parameters());
  }

  /** Call once the layers are added: checks names are unique. */
  protected final void finish() {
    var names = new HashSet<String>();
    for (Parameter p : parameters) {
      if (!names.add(p.name())) {
        throw new IllegalStateException("duplicate parameter name " + p.name());
      }
    }
  }

  public ModelSpec spec() {
    return spec;
  }

  /** The parameters in a fixed order (checkpoint order). */
  public List<Parameter> parameters() {
    return Collections.unmodifiableList(parameters);
  }

  /** The parameter named {@code name}, or null. */
  public Parameter parameter(String name) {
    for (Parameter p : parameters) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    return null;
  }

  /** Total number of trainable scalars. */
  public long numParameters() {
    long n = 0;
    for (Parameter p : parameters) {
      n += p.size();
    }
    return n;
  }

  /**
   * A copy of every parameter's values in {@link #parameters()} order (model selection keeps the best
   * epoch's weights in memory; {@link Checkpoints} persists them).
   */
  public float[][] snapshot() {
    float[][] s = new float[parameters.size()][];
    for (int k = 0; k < s.length; k++) {
      s[k] = parameters.get(k).values().clone();
    }
    return s;
  }

  /** Restores values taken by {@link #snapshot()} from a model of the same spec. */
  public void restore(float[][] values) {
    if (values.length != parameters.size()) {
      throw new IllegalArgumentException("snapshot has " + values.length + " tensors, the model has "
          + parameters.size());
    }
    for (int k = 0; k < values.length; k++) {
      Parameter p = parameters.get(k);
      if (values[k].length != p.size()) {
        throw new IllegalArgumentException("snapshot tensor " + k + " has " + values[k].length
            + " values, parameter " + p.name() + " has " + p.size());
      }
    }
    for (int k = 0; k < values.length; k++) {
      System.arraycopy(values[k], 0, parameters.get(k).values(), 0, values[k].length);
    }
  }

  /**
   * Drops the cached adjacency transposes (they cost about as much memory as the batches' adjacencies
   * themselves, per batch seen in a backward pass; see {@code nn.AdjacencyCache}). Call after training
   * if the batches stay alive for inference, which needs no transposes.
   */
  public void clearCaches() {
    cache.clear();
  }

  /** Sets every parameter gradient to zero. */
  public void zeroGrad() {
    for (Parameter p : parameters) {
      p.zeroGrad();
    }
  }

  /** The graph layers (for tests and inspection). */
  public List<GraphConv> convs() {
    return Collections.unmodifiableList(convs);
  }

  /**
   * Forward pass that keeps what {@link #backward} needs (call {@link #infer} when no backward
   * follows).
   *
   * @param batch the batch (features n × F, output nodes first)
   * @param training apply dropout (drawing masks from {@code rnd})
   * @param rnd random generator for dropout; may be null when not training
   * @return numOutputs × C log-probabilities (a buffer overwritten by the next forward)
   */
  public Matrix forward(Batch batch, boolean training, SplittableRandom rnd) {
    checkBatch(batch);
    if (training && rnd == null && spec.dropout() > 0f) {
      throw new IllegalArgumentException("training forward needs a random generator for dropout");
    }
    int numLayers = convs.size();
    Matrix h = batch.features();
    for (int l = 0; l < numLayers; l++) {
      CsrMatrix a = batch.adjacency(l, numLayers);
      h = convs.get(l).forward(a, outputRows(batch, a, l), h);
      if (l < numBlocks) {
        LayerNorm norm = norms.get(l);
        if (norm != null) {
          h = norm.forward(h);
        }
        h = acts.get(l).forward(h);
        h = reluInPlace ? drops.get(l).forwardInPlace(h, training, rnd)
            : drops.get(l).forward(h, training, rnd);
      }
    }
    if (lin != null) {
      h = lin.forward(h);
    }
    forwardDone = true;
    return logSoftmax.forward(h);
  }

  /**
   * Inference forward: the log-probabilities of {@code forward(batch, false, null)}, bit for bit, but
   * nothing is kept for backward. Every intermediate lives in the model's workspace, so the memory is
   * two or three arrays of the batch's largest n × width, whatever the depth, and the training buffers
   * are neither used nor grown.
   *
   * @return numOutputs × C log-probabilities (a buffer overwritten by the next forward)
   */
  public Matrix infer(Batch batch) {
    return infer(batch, null);
  }

  /**
   * {@link #infer(Batch)} that also copies the final hidden representation of the output rows (the
   * embedding): the input of the final Linear (GCN, SAGE), or the last graph layer's output (GAT,
   * which has no final Linear). The log-probabilities are bit-identical to {@link #infer(Batch)}.
   *
   * @param embedding where to store the numOutputs × width copy ({@code embedding[0]}); null for none
   * @return numOutputs × C log-probabilities (a buffer overwritten by the next forward)
   */
  public Matrix infer(Batch batch, Matrix[] embedding) {
    checkBatch(batch);
    forwardDone = false;
    int numLayers = convs.size();
    Matrix h = batch.features();
    for (int l = 0; l < numLayers; l++) {
      CsrMatrix a = batch.adjacency(l, numLayers);
      h = convs.get(l).infer(a, outputRows(batch, a, l), h);
      if (l < numBlocks) {
        LayerNorm norm = norms.get(l);
        if (norm != null) {
          h = norm.infer(h);
        }
        h = acts.get(l).infer(h); // dropout is the identity in evaluation
      }
    }
    if (embedding != null) {
      embedding[0] = h.copy();
    }
    if (lin != null) {
      h = lin.infer(h);
    }
    return logSoftmax.forward(h);
  }

  private void checkBatch(Batch batch) {
    if (batch.features().cols() != spec.inputDim()) {
      throw new IllegalArgumentException("batch features have " + batch.features().cols()
          + " columns, the model expects inputDim " + spec.inputDim());
    }
  }

  /** Rows layer l computes: the output rows on a sub-graph's last layer, else the block's rows. */
  private int outputRows(Batch batch, CsrMatrix a, int l) {
    return batch.isSubgraph() && l == convs.size() - 1 ? batch.numOutputs() : a.rows();
  }

  /**
   * Back-propagates dL/dlogP (numOutputs × C) through the last {@link #forward}, accumulating every
   * parameter's gradient.
   */
  public void backward(Matrix gradLogProbs) {
    if (!forwardDone) {
      throw new IllegalStateException("backward called before forward (or after infer)");
    }
    Matrix g = logSoftmax.backward(gradLogProbs);
    if (lin != null) {
      g = lin.backward(g, true);
    }
    for (int l = convs.size() - 1; l >= 0; l--) {
      if (l < numBlocks) {
        if (reluInPlace) {
          g = drops.get(l).backwardThroughRelu(g);
        } else {
          g = drops.get(l).backward(g);
          g = acts.get(l).backward(g);
        }
        LayerNorm norm = norms.get(l);
        if (norm != null) {
          g = norm.backward(g);
        }
      }
      g = convs.get(l).backward(g, l > 0);
    }
  }

  /**
   * Frees every buffer the layers keep between passes (activations for backward, outputs, the
   * workspace); the next forward reallocates what it needs. Call between phases whose batches differ
   * in size, e.g. after training and before full-graph inference, so the training buffers do not stay
   * next to the inference ones. A backward must not follow before the next {@link #forward}.
   * Convolutions without buffer release (GAT) keep theirs.
   */
  public void releaseBuffers() {
    forwardDone = false;
    for (GraphConv c : convs) {
      c.releaseBuffers();
    }
    for (LayerNorm n : norms) {
      if (n != null) {
        n.releaseBuffers();
      }
    }
    for (Activation a : acts) {
      a.releaseBuffers();
    }
    for (Dropout d : drops) {
      d.releaseBuffers();
    }
    if (lin != null) {
      lin.releaseBuffers();
    }
    workspace.release();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + spec.toJson();
  }
}
