package io.github.ibmb4j.batching;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.Features;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.graph.GraphOps;
import io.github.ibmb4j.graph.Normalization;
import io.github.ibmb4j.graph.Subgraph;
import io.github.ibmb4j.tensor.Batch;
import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Matrix;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The one place that builds a batch's arrays (§1.5 of docs/algorithm.md), for fixed plans and samplers
 * alike. From a fixed plan's node sets: local order = output nodes (sorted) then the remaining
 * auxiliary nodes (sorted); the sub-graph induced on them in the graph <em>with self-loops</em>,
 * carrying the full graph's normalised values (rows are not renormalised); the gathered features and
 * the output labels. From a sampler's {@link BatchTopology}: its node order, and either the induced
 * sub-graph (values optionally times per-entry weights) or its blocks, whose entries name graph entries
 * and take their normalised values.
 *
 * <p><b>Normalisation.</b> One normalisation serves both batches and full-graph inference; the default
 * is {@link Normalization#RW} D⁻¹(A+I), what the reference's final code uses for every IBMB,
 * Cluster-GCN and SAINT batch and what the peer harness uses throughout; {@link Normalization#SYM}
 * D^-½(A+I)D^-½ (the paper-era choice) is available. We chose RW after measuring: on the arxiv-shaped
 * graph (power-law degrees, hubs of degree 6617) a GCN reached 51.5 % test accuracy after 3 epochs with
 * RW and 16.2 % with SYM (same batches and seed); on cora and amazon-computers both learn well.
 * // Deviation from the reference: HEAD mixes rw-normalised batches with sym-normalised full-graph
 * inference (§5.2 item 1); we never mix (pinned by {@code BatchMaterializerTest}).
 *
 * <p>Cost per batch: O(Σ_{v∈aux} deg(v)) for the sub-graph (dense global→local scratch map, no
 * hashing) plus O(|aux|·F) for dense features. {@link #materializeAll} runs batches in parallel, each
 * worker with its own scratch map (O(N) ints per thread). Deterministic; thread-safe (immutable after
 * construction but for a cache of weighted values per sampler weight array).
 */
public final class BatchMaterializer {
  /** The default normalisation for batches and full-graph inference. */
  public static final Normalization DEFAULT_NORMALIZATION = Normalization.RW;

  private final CsrGraph graph;
  private final float[] values;
  private final Normalization normalization;
  private final Features features;
  private final int[] labels;
  private final boolean includeFeatures;
  /** Weighted values by weight array (identity keys; entries go when a sampler is dropped). */
  private final Map<float[], float[]> weighted = Collections.synchronizedMap(new WeakHashMap<>());

  /**
   * @param graphWithSelfLoops the preprocessed graph (symmetric, self-loop on every node)
   * @param normalization adjacency normalisation, degrees counted with the self-loop
   * @param features node features (N rows)
   * @param labels node labels (length N, -1 = unknown)
   * @param includeFeatures false to skip gathering features (batches then carry an n × 0 matrix;
   *     for topology statistics on graphs whose dense features would not fit)
   */
  public BatchMaterializer(CsrGraph graphWithSelfLoops, Normalization normalization, Features features,
      int[] labels, boolean includeFeatures) {
    int n = graphWithSelfLoops.numNodes();
    if (features.numNodes() != n || labels.length != n) {
      throw new IllegalArgumentException("features (" + features.numNodes() + " rows) and labels ("
          + labels.length + ") must match the graph's " + n + " nodes");
    }
    this.graph = graphWithSelfLoops;
    this.normalization = normalization;
    this.values = GraphOps.normalizedValues(graphWithSelfLoops, normalization);
    this.features = features;
    this.labels = labels;
    this.includeFeatures = includeFeatures;
  }

  /** A materialiser for {@code dataset}'s graph with self-loops added. */
  public static BatchMaterializer of(Dataset dataset, Normalization normalization, boolean includeFeatures) {
    return new BatchMaterializer(GraphOps.withSelfLoops(dataset.graph()), normalization,
        dataset.features(), dataset.labels(), includeFeatures);
  }

  public CsrGraph graph() {
    return graph;
  }

  public Normalization normalization() {
    return normalization;
  }

  public boolean includesFeatures() {
    return includeFeatures;
  }

  /**
   * The normalised value of every entry of {@link #graph()} (aligned with its targets). Exposed
   * without copying for samplers whose choices depend on it (LADIES); must not be modified.
   */
  public float[] values() {
    return values;
  }

  /** The gathered features and output labels around a built adjacency. */
  private Batch assemble(int[] nodes, int numOutputs, CsrMatrix[] adjacency, float[] lossWeights) {
    Matrix x = includeFeatures ? features.gatherDense(nodes) : new Matrix(nodes.length, 0, new float[0]);
    int[] y = new int[numOutputs];
    for (int i = 0; i < numOutputs; i++) {
      y[i] = labels[nodes[i]];
    }
    return new Batch(nodes, numOutputs, x, y, adjacency, lossWeights);
  }

  /** Feature columns of the batches this produces (0 when features are skipped). */
  public int featureDim() {
    return includeFeatures ? features.dim() : 0;
  }

  /** The local node order of a spec: outputs (sorted) first, then the other auxiliary nodes (sorted). */
  public static int[] localOrder(BatchSpec spec) {
    int[] out = spec.outputs();
    int[] aux = spec.auxiliary();
    int[] nodes = new int[aux.length];
    System.arraycopy(out, 0, nodes, 0, out.length);
    int w = out.length;
    int j = 0;
    for (int v : aux) {
      while (j < out.length && out[j] < v) {
        j++;
      }
      if (j < out.length && out[j] == v) {
        continue;
      }
      nodes[w++] = v;
    }
    if (w != aux.length) {
      throw new IllegalArgumentException("batch outputs are not a subset of its auxiliary nodes");
    }
    return nodes;
  }

  /** Materialises one batch (allocates an O(N) scratch map; prefer {@link #materializeAll}). */
  public Batch materialize(BatchSpec spec) {
    return materialize(BatchTopology.of(spec), Subgraph.newScratch(graph.numNodes()));
  }

  /**
   * Materialises one batch using a caller-owned scratch map (all -1, left all -1): the adjacency's
   * values from the graph's normalised values, the features and the output labels.
   */
  public Batch materialize(BatchTopology t, int[] scratch) {
    int[] nodes = t.nodes();
    CsrMatrix[] adj = switch (t.adjacency()) {
      case BatchTopology.Induced i -> new CsrMatrix[] {induced(nodes, values, scratch)};
      case BatchTopology.WeightedInduced w ->
          new CsrMatrix[] {induced(nodes, weightedValues(w.entryWeights()), scratch)};
      case BatchTopology.Blocks b -> {
        CsrMatrix[] m = new CsrMatrix[b.blocks().size()];
        for (int l = 0; l < m.length; l++) {
          BatchTopology.Block k = b.blocks().get(l);
          float[] v = new float[k.entries().length];
          for (int q = 0; q < v.length; q++) {
            v[q] = values[k.entries()[q]];
          }
          m[l] = new CsrMatrix(k.rows(), k.cols(), k.rowPtr(), k.colIdx(), v);
        }
        yield m;
      }
    };
    return assemble(nodes, t.numOutputs(), adj, t.lossWeights());
  }

  private CsrMatrix induced(int[] nodes, float[] entryValues, int[] scratch) {
    Subgraph sg = Subgraph.induce(graph, entryValues, nodes, scratch);
    return new CsrMatrix(nodes.length, nodes.length, sg.offsets(), sg.indices(), sg.values());
  }

  /**
   * The normalised values times per-entry weights, computed once per weight array (a sampler keeps
   * one for its lifetime) and kept while that array is reachable.
   */
  private float[] weightedValues(float[] weights) {
    if (weights.length != values.length) {
      throw new IllegalArgumentException("entry weights have length " + weights.length
          + ", expected one per graph entry (" + values.length + ")");
    }
    return weighted.computeIfAbsent(weights, w -> {
      float[] v = new float[values.length];
      for (int e = 0; e < v.length; e++) {
        v[e] = values[e] * w[e];
      }
      return v;
    });
  }

  /** Materialises every spec in parallel (per-thread scratch maps); results in spec order. */
  public List<Batch> materializeAll(List<BatchSpec> specs) {
    return materializeSampled(specs.stream().map(BatchTopology::of).toList());
  }

  /** Materialises sampled batches in parallel (per-thread scratch maps); results in order. */
  public List<Batch> materializeSampled(List<BatchTopology> topologies) {
    Batch[] out = new Batch[topologies.size()];
    ConcurrentLinkedQueue<int[]> pool = new ConcurrentLinkedQueue<>();
    Parallel.forEachChunk(out.length, i -> {
      int[] scratch = pool.poll();
      if (scratch == null) {
        scratch = Subgraph.newScratch(graph.numNodes());
      }
      out[i] = materialize(topologies.get(i), scratch);
      pool.add(scratch);
    });
    return Arrays.asList(out);
  }
}
