package io.github.ibmb4j.batching.baseline;

import io.github.ibmb4j.batching.BatchSampler;
import io.github.ibmb4j.batching.BatchTopology;
import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.graph.CsrGraph;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * GraphSAINT random-walk sampling (§2.4 of docs/algorithm.md, Zeng et al. 2020, PyG
 * {@code GraphSAINTRandomWalkSampler}).
 *
 * <p><b>Training</b>: each of {@code steps} batches per epoch draws {@code roots} roots uniformly from
 * <em>all</em> N nodes (with replacement), walks {@code walkLength} uniform steps from each on the graph
 * with self-loops, and takes the unique visited nodes; its outputs are the training nodes among them.
 * The adjacency is the induced sub-graph with values {@code edgeNorm × normalised value}; the loss
 * weights are the outputs' {@code nodeNorm}, rescaled to sum to one within the batch. The norms are
 * estimated once, before training, by pre-sampling subgraphs until {@code coverage × N} nodes were
 * sampled: with C_v the times node v and C_uv the times entry (u, v) appeared, edgeNorm(u, v) =
 * C_u / C_uv (clamped to 1e4; 0.1 if never sampled) and nodeNorm(v) = samples / (C_v · N) (C_v = 0 read
 * as 0.1), as in PyG. Pre-sampling runs in rounds of 16 subgraphs built in parallel, each with its
 * own seed, and counts are integers, so the norms do not depend on the thread count.
 *
 * <p><b>Evaluation</b> ({@link #evaluation}): the outputs in sorted chunks, one walk from each output;
 * a batch's outputs are its whole chunk, plain normalised values and a plain mean (the reference's
 * "output nodes in chunks, with walks from them").
 *
 * <p>Cost: a batch is O(roots · walkLength) for the walks plus O(Σ deg) over its nodes for the
 * induced sub-graph; pre-sampling is about coverage · N / (batch size) such batches. Memory O(N + E)
 * for the norms. Deterministic per (seed, epoch) whatever the thread count; thread-safe.
 */
public final class SaintRwSampler extends BatchSampler {
  /** Registry name. */
  public static final String METHOD = "saint-rw";
  private static final int ROUND = 16;

  private final CsrGraph graph;
  /** Training: the edge norm of every graph entry (the batch values are the normalised ones times it). */
  private final float[] edgeNorm;
  private final boolean[] isOutput;
  private final int[] outputs;
  private final float[] nodeNorm;
  private final int roots;
  private final int walkLength;
  private final int steps;
  private final boolean evaluation;
  private final long presampled;

  private SaintRwSampler(CsrGraph graph, int[] outputs, int roots, int walkLength,
      int steps, double coverage, boolean evaluation, long seed) {
    super(METHOD, seed);
    if (roots < 1 || walkLength < 0 || steps < 1 || !(coverage > 0)) {
      throw new IllegalArgumentException("GraphSAINT needs roots >= 1, walk length >= 0, steps >= 1 "
          + "and coverage > 0; got " + roots + ", " + walkLength + ", " + steps + ", " + coverage);
    }
    this.graph = graph;
    if (graph.numEntries() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("graph has " + graph.numEntries()
          + " entries; GraphSAINT norms support at most " + Integer.MAX_VALUE);
    }
    this.outputs = outputs.clone();
    this.isOutput = new boolean[graph.numNodes()];
    for (int o : outputs) {
      isOutput[o] = true;
    }
    this.roots = roots;
    this.walkLength = walkLength;
    this.steps = steps;
    this.evaluation = evaluation;
    if (evaluation) {
      this.edgeNorm = null;
      this.nodeNorm = null;
      this.presampled = 0;
    } else {
      float[] en = new float[(int) graph.numEntries()];
      float[] nn = new float[graph.numNodes()];
      this.presampled = estimateNorms(coverage, en, nn);
      this.edgeNorm = en;
      this.nodeNorm = nn;
    }
  }

  /**
   * The training sampler; estimates the norms now.
   *
   * @param outputs sorted training nodes
   * @param roots walk roots per batch
   * @param walkLength steps per walk
   * @param steps batches per epoch
   * @param coverage pre-sample until coverage × N nodes were sampled
   */
  public static SaintRwSampler training(CsrGraph graph, int[] outputs, int roots,
      int walkLength, int steps, double coverage, long seed) {
    return new SaintRwSampler(graph, outputs, roots, walkLength, steps, coverage, false, seed);
  }

  /** The evaluation sampler: sorted chunks of {@code chunk} outputs, one walk from each. */
  public static SaintRwSampler evaluation(CsrGraph graph, int[] outputs, int chunk,
      int walkLength, long seed) {
    int steps = Math.max(1, (outputs.length + chunk - 1) / chunk);
    return new SaintRwSampler(graph, outputs, chunk, walkLength, steps, 1, true, seed);
  }

  /** Roots per batch scaled from the reference's 24 000 on arxiv (N = 169 343): the same fraction. */
  public static int defaultRoots(int numNodes) {
    return scaled(24_000, numNodes);
  }

  /** Evaluation chunk scaled from the reference's 12 000 on arxiv. */
  public static int defaultEvalChunk(int numNodes) {
    return scaled(12_000, numNodes);
  }

  private static int scaled(int onArxiv, int numNodes) {
    return (int) Math.max(1, Math.min(onArxiv, Math.round((double) onArxiv * numNodes / 169_343)));
  }

  /** Nodes sampled while estimating the norms (0 for evaluation). */
  public long presampledNodes() {
    return presampled;
  }

  /** The node norm of {@code v} (training samplers only). */
  public float nodeNorm(int v) {
    return nodeNorm[v];
  }

  @Override
  public int numBatches() {
    return steps;
  }

  /** Sorted unique nodes visited by one walk from each start. */
  private int[] walk(int[] starts, SplittableRandom r, boolean[] seen) {
    long[] off = graph.offsets();
    int[] tgt = graph.targets();
    int[] visited = new int[starts.length * (walkLength + 1)];
    int c = 0;
    for (int s : starts) {
      int v = s;
      if (!seen[v]) {
        seen[v] = true;
        visited[c++] = v;
      }
      for (int step = 0; step < walkLength; step++) {
        int d = (int) (off[v + 1] - off[v]);
        if (d == 0) {
          break;
        }
        v = tgt[(int) (off[v] + r.nextInt(d))];
        if (!seen[v]) {
          seen[v] = true;
          visited[c++] = v;
        }
      }
    }
    int[] out = Arrays.copyOf(visited, c);
    for (int v : out) {
      seen[v] = false;
    }
    Arrays.sort(out);
    return out;
  }

  private int[] randomRoots(SplittableRandom r) {
    int[] s = new int[roots];
    for (int i = 0; i < roots; i++) {
      s[i] = r.nextInt(graph.numNodes());
    }
    return s;
  }

  private long estimateNorms(double coverage, float[] outEdgeNorm, float[] outNodeNorm) {
    int n = graph.numNodes();
    long target = (long) Math.ceil(coverage * n);
    int[] nodeCount = new int[n];
    int[] edgeCount = new int[outEdgeNorm.length];
    long normSeed = epochSeed(seed(), -2);
    long sampled = 0;
    int done = 0;
    long[] off = graph.offsets();
    int[] tgt = graph.targets();
    while (sampled < target) {
      int first = done;
      int[][] sets = new int[ROUND][];
      int[][] edges = new int[ROUND][];
      Parallel.forEachChunk(ROUND, i -> {
        SplittableRandom r = new SplittableRandom(batchSeed(normSeed, first + i));
        int[] nodes = walk(randomRoots(r), r, new boolean[n]);
        boolean[] in = new boolean[n];
        for (int v : nodes) {
          in[v] = true;
        }
        int[] es = new int[64];
        int c = 0;
        for (int u : nodes) {
          for (long e = off[u]; e < off[u + 1]; e++) {
            if (in[tgt[(int) e]]) {
              if (c == es.length) {
                es = Arrays.copyOf(es, 2 * c);
              }
              es[c++] = (int) e;
            }
          }
        }
        sets[i] = nodes;
        edges[i] = Arrays.copyOf(es, c);
      });
      for (int i = 0; i < ROUND && sampled < target; i++) {
        for (int v : sets[i]) {
          nodeCount[v]++;
        }
        for (int e : edges[i]) {
          edgeCount[e]++;
        }
        sampled += sets[i].length;
        done++;
      }
    }
    for (int u = 0; u < n; u++) {
      for (long e = off[u]; e < off[u + 1]; e++) {
        int ce = edgeCount[(int) e];
        float norm = ce == 0 ? 0.1f : (float) Math.min(1e4, (double) nodeCount[u] / ce);
        outEdgeNorm[(int) e] = norm;
      }
      double cv = nodeCount[u] == 0 ? 0.1 : nodeCount[u];
      outNodeNorm[u] = (float) (sampled / (cv * n));
    }
    return sampled;
  }

  @Override
  protected List<BatchTopology> sample(int epoch, long epochSeed) {
    return buildAll(steps, i -> build(i, batchSeed(epochSeed, i)));
  }

  private BatchTopology build(int index, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = graph.numNodes();
    int[] starts;
    if (evaluation) {
      int from = (int) ((long) outputs.length * index / steps);
      int to = (int) ((long) outputs.length * (index + 1) / steps);
      starts = Arrays.copyOfRange(outputs, from, to);
    } else {
      starts = randomRoots(r);
    }
    int[] visited = walk(starts, r, new boolean[n]);
    // local order: outputs (sorted) first, then the other visited nodes (sorted)
    int[] nodes = new int[visited.length];
    int m = 0;
    boolean[] chunk = evaluation ? new boolean[n] : null;
    if (evaluation) {
      for (int s : starts) {
        chunk[s] = true;
      }
    }
    for (int v : visited) {
      if (evaluation ? chunk[v] : isOutput[v]) {
        nodes[m++] = v;
      }
    }
    if (m == 0) {
      return null;
    }
    int w = m;
    for (int v : visited) {
      if (!(evaluation ? chunk[v] : isOutput[v])) {
        nodes[w++] = v;
      }
    }
    float[] weights = null;
    if (!evaluation) {
      weights = new float[m];
      double sum = 0;
      for (int i = 0; i < m; i++) {
        sum += nodeNorm[nodes[i]];
      }
      for (int i = 0; i < m; i++) {
        weights[i] = (float) (nodeNorm[nodes[i]] / sum);
      }
    }
    return new BatchTopology(nodes, m, evaluation ? new BatchTopology.Induced()
        : new BatchTopology.WeightedInduced(edgeNorm), weights);
  }

  @Override
  public String describe() {
    return evaluation
        ? METHOD + ": " + steps + " chunks of about " + roots + " outputs, one walk of length "
            + walkLength + " from each"
        : METHOD + ": " + steps + " batches per epoch of " + roots + " roots, walk length " + walkLength
            + ", norms from " + presampled + " pre-sampled nodes";
  }
}
