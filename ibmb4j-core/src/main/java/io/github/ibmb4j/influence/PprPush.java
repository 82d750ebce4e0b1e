package io.github.ibmb4j.influence;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.progress.ProgressListener;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Approximate personalized PageRank (PPR) of every output node by forward push, keeping each node's
 * top-k entries and its entries on the output set (§1.2 of docs/algorithm.md).
 *
 * <p><b>Algorithm</b> (Andersen–Chung–Lang push in PPRGo's α-scaled form, as in the official
 * {@code topk_ppr_matrix}): for a source s start with p = 0, r = α·e_s and a LIFO stack [s]. Pop u,
 * move its residual into p (p[u] += r[u], r[u] = 0) and spread (1−α)·r[u]/deg(u) to every neighbour v
 * (the self-loop included); push v when r[v] ≥ α·ε·deg(v) and v is not already on the stack (an O(1)
 * test replaces the reference's linear scan of the stack). Degrees are row lengths of the given graph,
 * so with self-loops added (§1.1) they include the self-loop. The walk is P = D⁻¹(A+I) from the source
 * outward: row s approximates π_s(v) = α Σ_t (1−α)^t (P^t)_{sv}.
 *
 * <p><b>Error bound.</b> Every push preserves the invariant π_s = p + Σ_u (r(u)/α)·π_u (start: r = α e_s;
 * a push of u uses π_u = α e_u + (1−α) Σ_v P_uv π_v). In particular Σ_v p(v) + Σ_u r(u)/α = 1
 * (mass conservation of this scaled variant; note Σp + Σr alone is <em>not</em> conserved, each push
 * moves (1−α)·r[u] into the total). At termination r(u) &lt; α·ε·deg(u) for every u, so for a
 * <em>symmetric</em> graph, using the reversibility deg(u)·π_u(v) = deg(v)·π_v(u),
 * 0 ≤ π_s(v) − p_s(v) = Σ_u (r(u)/α) π_u(v) &lt; ε Σ_u deg(u) π_u(v) = ε·deg(v) Σ_u π_v(u) = ε·deg(v).
 * The work per source is at most deg(s) + 1/(α·ε) edge visits, independent of N: every pop after the
 * source's costs deg(u) and adds r(u) ≥ α·ε·deg(u) to Σp, which never exceeds 1.
 *
 * <p><b>Implementation.</b> Output nodes are processed in chunks of {@value #CHUNK} on
 * {@link Parallel}; each worker borrows a scratch set (dense p, interleaved residuals and thresholds,
 * a stack, touched and popped lists, O(N); no per-node flags, see {@code pushFrom}) and resets only the
 * touched entries after each source, so there is no hashing and no per-source allocation beyond the
 * kept results. Accumulation is in double (the official code uses
 * float32). Results depend only on the inputs, never on the thread count (each row is computed by one
 * thread in a fixed order). Memory: O(threads·N) scratch plus the kept entries. Instances are
 * immutable and thread-safe.
 */
public final class PprPush {
  /** Output nodes per parallel chunk (also the progress granularity). */
  public static final int CHUNK = 256;

  private final double alpha;
  private final double eps;
  private final int topk;

  /**
   * @param alpha teleport probability α in (0, 1) (reference configs: 0.25)
   * @param eps push threshold ε in (0, 1) (reference configs: 2e-4)
   * @param topk number of top entries kept per output node, ≥ 0 (reference configs: 16)
   */
  public PprPush(double alpha, double eps, int topk) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("teleport probability alpha is " + alpha + ", expected in (0, 1)");
    }
    if (!(eps > 0 && eps < 1)) {
      throw new IllegalArgumentException("push threshold eps is " + eps + ", expected in (0, 1)");
    }
    if (topk < 0) {
      throw new IllegalArgumentException("topk is " + topk + ", expected >= 0");
    }
    this.alpha = alpha;
    this.eps = eps;
    this.topk = topk;
  }

  public double alpha() {
    return alpha;
  }

  public double eps() {
    return eps;
  }

  public int topk() {
    return topk;
  }

  /**
   * Per-thread dense work arrays, reset after each source. Residual and push threshold of node v are
   * interleaved ({@code rt[2v]} = r[v], {@code rt[2v+1]} = α·ε·deg(v)) so that the edge loop touches
   * one cache line per neighbour.
   */
  private static final class Scratch {
    final double[] p;
    final double[] rt;
    final int[] stack;
    final int[] touched;
    int numTouched;
    /** Nodes with p > 0, in first-pop order. */
    final int[] popped;
    int numPopped;
    final int[] candIds;
    final double[] candVals;
    final int[] selIds;
    final double[] selVals;

    Scratch(CsrGraph g, double aeps, int k) {
      int n = g.numNodes();
      long[] off = g.offsets();
      p = new double[n];
      rt = new double[2 * n];
      for (int v = 0; v < n; v++) {
        rt[2 * v + 1] = aeps * (int) (off[v + 1] - off[v]);
      }
      stack = new int[n];
      touched = new int[n + 1]; // +1: the branch-free append writes one slot past the count
      popped = new int[n];
      candIds = new int[n];
      candVals = new double[n];
      selIds = new int[Math.max(1, k)];
      selVals = new double[Math.max(1, k)];
    }
  }

  private static void checkGraph(CsrGraph g) {
    long[] off = g.offsets();
    for (int v = 0; v < g.numNodes(); v++) {
      if (off[v + 1] == off[v]) {
        throw new IllegalArgumentException("node " + v + " has no entries; PPR push expects a graph "
            + "with a self-loop on every node (GraphOps.withSelfLoops)");
      }
    }
  }

  /**
   * Runs the push from every node of {@code sources} (distinct ids) on {@code graph} (symmetric, with a
   * self-loop on every node) and keeps the top-k and the output-set entries of each.
   */
  public PprMatrix compute(CsrGraph graph, int[] sources, ProgressListener progress) {
    return computeRows(graph, sources, 0, sources.length, progress);
  }

  /**
   * The rows {@code [from, to)} of {@link #compute compute(graph, outputs, progress)}: the push from
   * {@code outputs[from..to)} only, with the output-set entries still taken over the whole output set
   * ({@link PprMatrix#outputCols()} are positions into {@code outputs}). Concatenating the blocks of
   * consecutive ranges in order ({@link PprMatrix#concat}) gives exactly the matrix of the whole set,
   * which lets a distributed job split the push into independent tasks. Extra cost per call: O(N)
   * for the output-position index.
   */
  public PprMatrix computeRows(CsrGraph graph, int[] outputs, int from, int to,
      ProgressListener progress) {
    int n = graph.numNodes();
    checkGraph(graph);
    if (from < 0 || to > outputs.length || from > to) {
      throw new IllegalArgumentException("row range [" + from + ", " + to + ") is outside [0, "
          + outputs.length + "]");
    }
    int rows = to - from;
    if ((long) rows * topk > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(rows + " output nodes x topk " + topk
          + " exceed 2^31 kept entries; lower topk or split the output set");
    }
    int[] outPos = new int[n];
    Arrays.fill(outPos, -1);
    for (int i = 0; i < outputs.length; i++) {
      int s = outputs[i];
      if (s < 0 || s >= n) {
        throw new IllegalArgumentException("output node " + s + " is out of range [0, " + n + ")");
      }
      if (outPos[s] != -1) {
        throw new IllegalArgumentException("output node " + s + " appears twice");
      }
      outPos[s] = i;
    }
    int[] counts = new int[rows];
    int[] strideNodes = new int[rows * topk];
    double[] strideVals = new double[rows * topk];
    int[][] outCols = new int[rows][];
    double[][] outVals = new double[rows][];
    long[] pushedPerChunk = new long[(rows + CHUNK - 1) / CHUNK];
    ConcurrentLinkedQueue<Scratch> pool = new ConcurrentLinkedQueue<>();
    progress.start("ppr push", rows);
    Parallel.forEachChunk(pushedPerChunk.length, c -> {
      Scratch sc = pool.poll();
      if (sc == null) {
        sc = new Scratch(graph, alpha * eps, topk);
      }
      int lo = c * CHUNK;
      int hi = Math.min(rows, lo + CHUNK);
      long pushed = 0;
      for (int i = lo; i < hi; i++) {
        pushFrom(graph, outputs[from + i], sc);
        pushed += collect(sc, i, from + i, outPos, counts, strideNodes, strideVals, outCols, outVals);
      }
      pushedPerChunk[c] = pushed;
      pool.add(sc);
      progress.advance(hi - lo);
    });
    progress.finish();
    // Compact the fixed-stride top-k rows in place (moves only go left).
    int[] offsets = new int[rows + 1];
    int w = 0;
    for (int i = 0; i < rows; i++) {
      int base = i * topk;
      for (int j = 0; j < counts[i]; j++) {
        strideNodes[w + j] = strideNodes[base + j];
        strideVals[w + j] = strideVals[base + j];
      }
      w += counts[i];
      offsets[i + 1] = w;
    }
    long pushed = 0;
    for (long x : pushedPerChunk) {
      pushed += x;
    }
    return new PprMatrix(n, Arrays.copyOfRange(outputs, from, to), offsets,
        Arrays.copyOf(strideNodes, w), Arrays.copyOf(strideVals, w), outCols, outVals, pushed);
  }

  /**
   * Reusable per-thread push scratch for one graph, for callers that push from a few sources at a
   * time (serving): {@link #vectors(CsrGraph, int[], ScratchPool)} borrows from it instead of
   * allocating O(N) arrays per call. Thread-safe.
   */
  public static final class ScratchPool {
    private final CsrGraph graph;
    private final double aeps;
    private final int k;
    private final ConcurrentLinkedQueue<Scratch> free = new ConcurrentLinkedQueue<>();

    private ScratchPool(CsrGraph graph, double aeps, int k) {
      this.graph = graph;
      this.aeps = aeps;
      this.k = k;
    }

    private Scratch take() {
      Scratch sc = free.poll();
      return sc != null ? sc : new Scratch(graph, aeps, k);
    }
  }

  /** A scratch pool for pushes on {@code graph} (symmetric, a self-loop on every node). */
  public ScratchPool scratchPool(CsrGraph graph) {
    checkGraph(graph);
    return new ScratchPool(graph, alpha * eps, topk);
  }

  /**
   * Every non-zero entry of the push vector p_s of each source (not only the top-k): what a per-node
   * cache keeps so that {@link #matrix} can later build the {@link PprMatrix} of any output set that
   * contains the node, exactly as {@link #compute} would. Sources are pushed in parallel; each vector
   * is computed by one thread, so the result does not depend on the thread count.
   *
   * @return one vector per source, in the order of {@code sources}
   */
  public PprVector[] vectors(CsrGraph graph, int[] sources, ScratchPool pool) {
    if (pool.graph != graph || pool.aeps != alpha * eps) {
      throw new IllegalArgumentException("scratch pool was made for another graph or push threshold");
    }
    int n = graph.numNodes();
    for (int s : sources) {
      if (s < 0 || s >= n) {
        throw new IllegalArgumentException("source node " + s + " is out of range [0, " + n + ")");
      }
    }
    PprVector[] out = new PprVector[sources.length];
    Parallel.forEachChunk((sources.length + CHUNK - 1) / CHUNK, c -> {
      Scratch sc = pool.take();
      int to = Math.min(sources.length, (c + 1) * CHUNK);
      for (int i = c * CHUNK; i < to; i++) {
        pushFrom(graph, sources[i], sc);
        int np = sc.numPopped;
        int[] ids = new int[np];
        double[] vals = new double[np];
        for (int t = 0; t < np; t++) {
          int v = sc.popped[t];
          ids[t] = v;
          vals[t] = sc.p[v];
          sc.p[v] = 0.0;
        }
        for (int t = 0; t < sc.numTouched; t++) {
          sc.rt[2 * sc.touched[t]] = 0.0;
        }
        out[i] = new PprVector(sources[i], ids, vals);
      }
      pool.free.add(sc);
    });
    return out;
  }

  /**
   * The {@link PprMatrix} that {@link #compute} returns for {@code rows}' sources (distinct), built from
   * their push vectors: the same top-k selection (larger value, then smaller id) and the same
   * output-set entries, value for value. O(Σ|p_s| log k).
   */
  public PprMatrix matrix(int numNodes, PprVector[] rows) {
    int r = rows.length;
    int[] sources = new int[r];
    // sorted (source, row) pairs packed in longs: a binary search maps a node to its row, no boxing
    long[] byNode = new long[r];
    for (int i = 0; i < r; i++) {
      sources[i] = rows[i].source();
      if (sources[i] < 0 || sources[i] >= numNodes) {
        throw new IllegalArgumentException("output node " + sources[i] + " is out of range [0, "
            + numNodes + ")");
      }
      byNode[i] = ((long) sources[i] << 32) | i;
    }
    Arrays.sort(byNode);
    for (int i = 1; i < r; i++) {
      if (byNode[i] >>> 32 == byNode[i - 1] >>> 32) {
        throw new IllegalArgumentException("output node " + (byNode[i] >>> 32) + " appears twice");
      }
    }
    int[] offsets = new int[r + 1];
    int[] kn = new int[r * topk];
    double[] kv = new double[r * topk];
    int[][] outCols = new int[r][];
    double[][] outVals = new double[r][];
    int[] selIds = new int[Math.max(1, topk)];
    double[] selVals = new double[Math.max(1, topk)];
    long pushed = 0;
    int w = 0;
    for (int i = 0; i < r; i++) {
      PprVector v = rows[i];
      int[] ids = v.nodes();
      double[] vals = v.values();
      pushed += ids.length;
      int no = 0;
      int[] oc = new int[Math.min(ids.length, r)];
      double[] ov = new double[oc.length];
      if (r > 1) {
        for (int t = 0; t < ids.length; t++) {
          int j = rowOf(byNode, ids[t]);
          if (j >= 0 && j != i) {
            oc[no] = j;
            ov[no] = vals[t];
            no++;
          }
        }
      }
      oc = Arrays.copyOf(oc, no);
      ov = Arrays.copyOf(ov, no);
      TopK.sortById(oc, ov, no);
      outCols[i] = oc;
      outVals[i] = ov;
      int k = TopK.select(ids, vals, ids.length, topk, selIds, selVals);
      System.arraycopy(selIds, 0, kn, w, k);
      System.arraycopy(selVals, 0, kv, w, k);
      w += k;
      offsets[i + 1] = w;
    }
    return new PprMatrix(numNodes, sources, offsets, Arrays.copyOf(kn, w), Arrays.copyOf(kv, w),
        outCols, outVals, pushed);
  }

  /** The row of node v in sorted (node << 32 | row) pairs, or -1. */
  private static int rowOf(long[] byNode, int v) {
    int lo = 0;
    int hi = byNode.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int u = (int) (byNode[mid] >>> 32);
      if (u < v) {
        lo = mid + 1;
      } else if (u > v) {
        hi = mid - 1;
      } else {
        return (int) byNode[mid];
      }
    }
    return -1;
  }

  /**
   * The full push vectors of one source, for tests and diagnostics: {@code {p, r}} as dense arrays of
   * length N. O(N) memory.
   */
  public double[][] pushDense(CsrGraph graph, int source) {
    checkGraph(graph);
    Scratch sc = new Scratch(graph, alpha * eps, topk);
    pushFrom(graph, source, sc);
    double[] r = new double[graph.numNodes()];
    for (int v = 0; v < r.length; v++) {
      r[v] = sc.rt[2 * v] + 0.0; // normalises the -0.0 marks of popped nodes
    }
    return new double[][] {sc.p.clone(), r};
  }

  /**
   * The push loop for one source; leaves p, r and the touched list in {@code sc}.
   *
   * <p>Two invariants remove per-node flags from the edge loop. (1) A node is on the stack exactly when
   * r[v] ≥ α·ε·deg(v) (it is pushed when it reaches the threshold, r only grows until it is popped, and
   * popping zeroes it); so "not on the stack and r ≥ threshold" is the crossing test "old r &lt;
   * threshold ≤ new r" — the only exception, the source before its first pop, cannot be reached by an
   * update because it is popped first. (2) A popped node's residual is set to -0.0 instead of +0.0, so
   * "never touched" is exactly "r has the bits of +0.0" (-0.0 + m == m, and -0.0 &lt; threshold).
   */
  private void pushFrom(CsrGraph g, int s, Scratch sc) {
    final long[] off = g.offsets();
    final int[] tgt = g.targets();
    final double[] p = sc.p;
    final double[] rt = sc.rt;
    final int[] stack = sc.stack;
    final int[] touched = sc.touched;
    final int[] popped = sc.popped;
    final double keep = 1.0 - alpha;
    int nt = 0;
    int np = 0;
    rt[2 * s] = alpha;
    touched[nt++] = s;
    stack[0] = s;
    int top = 1;
    while (top > 0) {
      int u = stack[--top];
      double res = rt[2 * u];
      double pu = p[u];
      if (pu == 0.0) {
        popped[np++] = u;
      }
      p[u] = pu + res;
      rt[2 * u] = -0.0;
      int e0 = (int) off[u];
      int e1 = (int) off[u + 1];
      double m = keep * res / (e1 - e0);
      for (int e = e0; e < e1; e++) {
        int v = tgt[e];
        int iv = 2 * v;
        double old = rt[iv];
        // branch-free append (the test is ~50/50 and unpredictable): +1 only for the bits of +0.0
        touched[nt] = v;
        nt += (int) ((Double.doubleToRawLongBits(old) - 1L) >>> 63);
        double rv = old + m;
        rt[iv] = rv;
        double thr = rt[iv + 1];
        if (rv >= thr && old < thr) {
          stack[top++] = v;
        }
      }
    }
    sc.numTouched = nt;
    sc.numPopped = np;
  }

  /**
   * Extracts row i's top-k and output-set entries and resets the scratch; returns #non-zero p. The
   * source is output {@code self} (its position in the whole output set, excluded as the diagonal).
   */
  private int collect(Scratch sc, int i, int self, int[] outPos, int[] counts, int[] strideNodes,
      double[] strideVals, int[][] outCols, double[][] outVals) {
    final double[] p = sc.p;
    final double[] rt = sc.rt;
    final int[] touched = sc.touched;
    final int nt = sc.numTouched;
    final int[] cid = sc.candIds;
    final double[] cval = sc.candVals;
    final int[] popped = sc.popped;
    final int np = sc.numPopped;
    int no = 0;
    for (int t = 0; t < np; t++) {
      int v = popped[t];
      cid[t] = v;
      cval[t] = p[v];
      p[v] = 0.0;
      int j = outPos[v];
      if (j >= 0 && j != self) {
        no++;
      }
    }
    int nc = np;
    for (int t = 0; t < nt; t++) {
      rt[2 * touched[t]] = 0.0;
    }
    int[] oc = new int[no];
    double[] ov = new double[no];
    int q = 0;
    for (int t = 0; t < nc; t++) {
      int j = outPos[cid[t]];
      if (j >= 0 && j != self) {
        oc[q] = j;
        ov[q] = cval[t];
        q++;
      }
    }
    TopK.sortById(oc, ov, no);
    outCols[i] = oc;
    outVals[i] = ov;
    int k = TopK.select(cid, cval, nc, topk, sc.selIds, sc.selVals);
    System.arraycopy(sc.selIds, 0, strideNodes, i * topk, k);
    System.arraycopy(sc.selVals, 0, strideVals, i * topk, k);
    counts[i] = k;
    return nc;
  }
}
