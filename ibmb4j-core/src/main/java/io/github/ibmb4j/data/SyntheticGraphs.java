package io.github.ibmb4j.data;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.graph.CsrGraph;
import io.github.ibmb4j.progress.ProgressListener;
import io.github.ibmb4j.random.Shuffle;
import io.github.ibmb4j.tensor.Matrix;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generates an ogbn-arxiv-shaped node-classification graph: a degree-corrected stochastic block model
 * with planted "twin" classes, Chung–Lu power-law degree weights, exact edge homophily and
 * class-dependent Gaussian features.
 *
 * <p>Model (mirrors the idea of {@code shared/peers/make_synthetic.py}; our own code and RNG streams,
 * so the graph differs from the peer's for the same seed):
 * <ol>
 *   <li>Labels: C classes in twin pairs (2p, 2p+1); P(c) ∝ (⌊c/2⌋+1)^-skew.
 *   <li>Weights: w_i = i^(-1/(γ-1)) for i = 1..N, randomly permuted over the nodes.
 *   <li>Edges: round(h·E) distinct intra-class pairs (u ~ w, v ~ w within class(u)) and
 *       E - round(h·E) distinct inter-class pairs (u ~ w; with probability {@code twinFraction} v ~ w
 *       within the twin class, else v ~ w over any other class). Pairs are packed into longs
 *       (lo·N + hi), sorted and deduplicated; each pool is sampled in rounds until it has enough
 *       distinct pairs and then subsampled to exactly its target. Nodes left isolated then get one
 *       edge each, so every node has a neighbour.
 *   <li>Features: x_i = μ_{y_i} + N(0, I), μ_c ~ N(0, meanScale²·I).
 *   <li>Split: a random permutation split with ogbn-arxiv's proportions 90941/29799/48603.
 * </ol>
 * Twins keep the task realistically hard: with inter-class edges spread over all classes, hub
 * neighbourhoods act as class signatures and a GCN gets ~85 %; with most inter-class edges going to
 * the twin class, low-degree nodes are confused with their twin (the peer measured 60–75 %).
 *
 * <p>Complexity: O(E log E) time (sorting the packed pairs), O(E) longs + N·F floats of memory, no
 * per-edge objects. Deterministic for a given {@link Options}: every random draw comes from
 * {@link SplittableRandom}s derived from the seed per fixed-size chunk, so the result does not depend on
 * the thread count. Thread-safe (no shared state).
 */
public final class SyntheticGraphs {
  /** ogbn-arxiv's split sizes, used as proportions. */
  static final int[] ARXIV_SPLIT = {90941, 29799, 48603};

  private static final int CHUNK = 1 << 16;

  private SyntheticGraphs() {}

  /**
   * Generator parameters.
   *
   * @param nodes N ≥ 2
   * @param edges target number of undirected edges E ≥ 1 (plus at most one per otherwise isolated node)
   * @param classes C ≥ 1 (C = 1 requires homophily 1)
   * @param features F ≥ 1
   * @param homophily edge homophily h in [0, 1]
   * @param gamma power-law exponent γ &gt; 1 of the Chung–Lu weights
   * @param classSkew class-size skew over twin pairs, ≥ 0
   * @param twinFraction share of inter-class edges going to the twin class, in [0, 1]
   * @param meanScale standard deviation of the class means (noise std is 1), ≥ 0
   * @param seed the seed of every random choice
   */
  public record Options(int nodes, long edges, int classes, int features, double homophily,
      double gamma, double classSkew, double twinFraction, double meanScale, long seed) {

    /** Default number of nodes (ogbn-arxiv). */
    public static final int DEFAULT_NODES = 169_343;
    /** Default number of undirected edges (about ogbn-arxiv's 1.17 M). */
    public static final long DEFAULT_EDGES = 1_170_000;

    public Options {
      if (nodes < 2) {
        throw new IllegalArgumentException("synthetic nodes is " + nodes + ", expected >= 2");
      }
      if (edges < 1) {
        throw new IllegalArgumentException("synthetic edges is " + edges + ", expected >= 1");
      }
      long maxEdges = (long) nodes * (nodes - 1) / 2;
      if (edges > maxEdges / 2) {
        throw new IllegalArgumentException("synthetic edges is " + edges + ", expected at most "
            + maxEdges / 2 + " (half of all node pairs) for " + nodes + " nodes");
      }
      if (2 * edges > Integer.MAX_VALUE - 8L - nodes) {
        throw new IllegalArgumentException(
            "synthetic edges is " + edges + ", expected at most about 1.07e9 (int-indexed CSR)");
      }
      if (classes < 1 || classes > nodes) {
        throw new IllegalArgumentException(
            "synthetic classes is " + classes + ", expected 1.." + nodes);
      }
      if (features < 1) {
        throw new IllegalArgumentException("synthetic features is " + features + ", expected >= 1");
      }
      if ((long) nodes * features > Integer.MAX_VALUE - 8L) {
        throw new IllegalArgumentException("synthetic nodes x features = " + (long) nodes * features
            + " exceeds the 2^31-element dense feature matrix; use fewer features");
      }
      if (!(homophily >= 0 && homophily <= 1)) {
        throw new IllegalArgumentException("synthetic homophily is " + homophily + ", expected [0, 1]");
      }
      if (classes == 1 && homophily < 1) {
        throw new IllegalArgumentException(
            "synthetic homophily is " + homophily + " with 1 class, expected 1 (no inter-class edges)");
      }
      if (!(gamma > 1) || Double.isInfinite(gamma)) {
        throw new IllegalArgumentException("synthetic gamma is " + gamma + ", expected > 1");
      }
      if (!(classSkew >= 0) || Double.isInfinite(classSkew)) {
        throw new IllegalArgumentException("synthetic class skew is " + classSkew + ", expected >= 0");
      }
      if (!(twinFraction >= 0 && twinFraction <= 1)) {
        throw new IllegalArgumentException(
            "synthetic twin fraction is " + twinFraction + ", expected [0, 1]");
      }
      if (!(meanScale >= 0) || Double.isInfinite(meanScale)) {
        throw new IllegalArgumentException("synthetic mean scale is " + meanScale + ", expected >= 0");
      }
    }

    /** The ogbn-arxiv-shaped defaults: 169,343 nodes, 1.17 M edges, 40 classes, 128 features. */
    public static Options defaults() {
      return new Options(DEFAULT_NODES, DEFAULT_EDGES, 40, 128, 0.65, 2.5, 0.7, 0.9, 0.03, 0);
    }

    /** Defaults scaled to {@code n} nodes: arxiv's average degree, at most n/50 classes (min 2). */
    public static Options ofNodes(int n) {
      long e = Math.max(1, Math.round((double) n * DEFAULT_EDGES / DEFAULT_NODES));
      e = Math.min(e, Math.max(1, (long) n * (n - 1) / 4));
      Options d = defaults();
      return new Options(n, e, Math.min(d.classes(), Math.max(2, n / 50)), d.features(),
          d.homophily(), d.gamma(), d.classSkew(), d.twinFraction(), d.meanScale(), d.seed());
    }

    public Options withNodes(int n) {
      return new Options(n, edges, classes, features, homophily, gamma, classSkew, twinFraction,
          meanScale, seed);
    }

    public Options withEdges(long e) {
      return new Options(nodes, e, classes, features, homophily, gamma, classSkew, twinFraction,
          meanScale, seed);
    }

    public Options withClasses(int c) {
      return new Options(nodes, edges, c, features, homophily, gamma, classSkew, twinFraction,
          meanScale, seed);
    }

    public Options withFeatures(int f) {
      return new Options(nodes, edges, classes, f, homophily, gamma, classSkew, twinFraction,
          meanScale, seed);
    }

    public Options withHomophily(double h) {
      return new Options(nodes, edges, classes, features, h, gamma, classSkew, twinFraction,
          meanScale, seed);
    }

    public Options withSeed(long s) {
      return new Options(nodes, edges, classes, features, homophily, gamma, classSkew, twinFraction,
          meanScale, s);
    }
  }

  /** Generates the default graph (see {@link Options#defaults()}). */
  public static Dataset generate() {
    return generate(Options.defaults(), ProgressListener.NONE);
  }

  /** Generates a graph; see the class comment for the model. */
  public static Dataset generate(Options o, ProgressListener progress) {
    SplittableRandom root = new SplittableRandom(o.seed());
    long labelSeed = root.nextLong();
    long weightSeed = root.nextLong();
    long intraSeed = root.nextLong();
    long interSeed = root.nextLong();
    long isoSeed = root.nextLong();
    long featSeed = root.nextLong();
    long splitSeed = root.nextLong();
    int n = o.nodes();
    int c = o.classes();

    progress.start("synthetic: labels and weights", n);
    int[] y = drawLabels(n, c, o.classSkew(), labelSeed);
    double[] w = new double[n];
    double expo = -1.0 / (o.gamma() - 1.0);
    for (int i = 0; i < n; i++) {
      w[i] = Math.pow(i + 1.0, expo);
    }
    Shuffle.shuffle(w, new SplittableRandom(weightSeed));
    Sampler smp = new Sampler(w, y, c);
    progress.advance(n);
    progress.finish();

    long intraTarget = Math.round(o.homophily() * o.edges());
    long interTarget = o.edges() - intraTarget;
    progress.start("synthetic: edges", o.edges());
    long[] intra = pool(o, smp, y, true, intraTarget, intraSeed, progress);
    long[] inter = pool(o, smp, y, false, interTarget, interSeed, progress);
    long[] keys = mergeSorted(intra, inter);
    keys = connectIsolated(o, smp, y, keys, isoSeed);
    CsrGraph graph = toCsr(n, keys);
    progress.finish();

    progress.start("synthetic: features", n);
    Matrix x = features(o, y, featSeed, progress);
    progress.finish();

    Split split = arxivSplit(n, splitSeed, o.seed());
    return new Dataset("synthetic", graph, new Features.Dense(x), y, c, List.of(split));
  }

  private static int[] drawLabels(int n, int c, double skew, long seed) {
    double[] cum = new double[c];
    double s = 0;
    for (int k = 0; k < c; k++) {
      s += Math.pow(k / 2 + 1.0, -skew);
      cum[k] = s;
    }
    int[] y = new int[n];
    final double total = s;
    int chunks = (n + CHUNK - 1) / CHUNK;
    Parallel.forEachChunk(chunks, ch -> {
      SplittableRandom r = chunkRandom(seed, 0, ch);
      int end = Math.min(n, (ch + 1) * CHUNK);
      for (int v = ch * CHUNK; v < end; v++) {
        double t = r.nextDouble() * total;
        int k = upper(cum, 0, c, t);
        y[v] = Math.min(k, c - 1);
      }
    });
    return y;
  }

  /** A generator per (stream, round, chunk): independent of which thread runs the chunk. */
  private static SplittableRandom chunkRandom(long seed, long round, long chunk) {
    long z = seed ^ (0x9E3779B97F4A7C15L * (round + 1)) ^ (0xC2B2AE3D27D4EB4FL * (chunk + 1));
    return new SplittableRandom(z);
  }


  /** First index i in [from, to) with a[i] &gt; t, or {@code to}. */
  private static int upper(double[] a, int from, int to, double t) {
    int lo = from;
    int hi = to;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] > t) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /**
   * Weighted node sampling, globally or within one class, with Walker/Vose alias tables: O(1) per draw
   * (one uniform index, one uniform coin, at most two array reads), which matters at 10 M nodes where a
   * binary search over cumulative weights costs ~20 cache misses per draw. Built sequentially in O(N).
   */
  static final class Sampler {
    final int[] order;
    final int[] start;
    final int[] end;
    final double[] globalProb;
    final int[] globalAlias;
    final double[] classProb;
    final int[] classAlias;

    Sampler(double[] w, int[] y, int c) {
      int n = w.length;
      start = new int[c];
      end = new int[c];
      int[] count = new int[c];
      for (int v : y) {
        count[v]++;
      }
      int acc = 0;
      for (int k = 0; k < c; k++) {
        start[k] = acc;
        acc += count[k];
        end[k] = acc;
      }
      order = new int[n];
      int[] fill = start.clone();
      for (int v = 0; v < n; v++) {
        order[fill[y[v]]++] = v;
      }
      double[] wOrd = new double[n];
      for (int i = 0; i < n; i++) {
        wOrd[i] = w[order[i]];
      }
      int[] scratch = new int[n];
      globalProb = new double[n];
      globalAlias = new int[n];
      buildAlias(wOrd, 0, n, globalProb, globalAlias, scratch);
      classProb = new double[n];
      classAlias = new int[n];
      for (int k = 0; k < c; k++) {
        buildAlias(wOrd, start[k], end[k], classProb, classAlias, scratch);
      }
    }

    /** Vose's alias table for positions [from, to) with weights w; alias entries are positions. */
    static void buildAlias(double[] w, int from, int to, double[] prob, int[] alias, int[] scratch) {
      int n = to - from;
      if (n == 0) {
        return;
      }
      double sum = 0;
      for (int i = from; i < to; i++) {
        sum += w[i];
      }
      // scratch[from..) holds the "small" stack growing up and the "large" stack growing down.
      int small = from;
      int large = to;
      for (int i = from; i < to; i++) {
        prob[i] = w[i] * n / sum;
        alias[i] = i;
        if (prob[i] < 1.0) {
          scratch[small++] = i;
        } else {
          scratch[--large] = i;
        }
      }
      while (small > from && large < to) {
        int s = scratch[--small];
        int l = scratch[large++];
        alias[s] = l;
        prob[l] = (prob[l] + prob[s]) - 1.0;
        if (prob[l] < 1.0) {
          scratch[small++] = l;
        } else {
          scratch[--large] = l;
        }
      }
      // Leftovers are 1 up to rounding.
      while (small > from) {
        prob[scratch[--small]] = 1.0;
      }
      while (large < to) {
        prob[scratch[large++]] = 1.0;
      }
    }

    int global(SplittableRandom r) {
      int i = r.nextInt(order.length);
      return order[r.nextDouble() < globalProb[i] ? i : globalAlias[i]];
    }

    /** A node of class k (-1 if the class is empty). */
    int inClass(SplittableRandom r, int k) {
      int n = end[k] - start[k];
      if (n == 0) {
        return -1;
      }
      int i = start[k] + r.nextInt(n);
      return order[r.nextDouble() < classProb[i] ? i : classAlias[i]];
    }
  }

  private static int interPartner(Sampler smp, int[] y, int c, int u, double twinFrac,
      SplittableRandom r) {
    int cu = y[u];
    int twin = cu ^ 1;
    if (twin < c && r.nextDouble() < twinFrac) {
      return smp.inClass(r, twin);
    }
    for (int attempt = 0; attempt < 100; attempt++) {
      int v = smp.global(r);
      if (y[v] != cu) {
        return v;
      }
    }
    return -1;
  }

  /** Exactly {@code target} distinct sorted packed pairs of one pool. */
  private static long[] pool(Options o, Sampler smp, int[] y, boolean intra, long target, long seed,
      ProgressListener progress) {
    if (target == 0) {
      return new long[0];
    }
    int n = o.nodes();
    long[] have = new long[0];
    for (int round = 0; ; round++) {
      if (round >= 200) {
        throw new IllegalArgumentException("synthetic graph: could not draw " + target + " distinct "
            + (intra ? "intra" : "inter") + "-class edges for " + n + " nodes and " + o.classes()
            + " classes; expected fewer edges or more nodes");
      }
      long missing = target - have.length;
      long mm = (long) (missing * 1.15) + 10_000;
      if (have.length + mm > Integer.MAX_VALUE - 8L) {
        mm = Integer.MAX_VALUE - 8L - have.length;
      }
      int m = (int) mm;
      long[] batch = new long[m];
      int chunks = (m + CHUNK - 1) / CHUNK;
      final int rr = round;
      Parallel.forEachChunk(chunks, ch -> {
        SplittableRandom r = chunkRandom(seed, rr, ch);
        int end = Math.min(m, (ch + 1) * CHUNK);
        for (int i = ch * CHUNK; i < end; i++) {
          int u = smp.global(r);
          int v = intra ? smp.inClass(r, y[u]) : interPartner(smp, y, o.classes(), u,
              o.twinFraction(), r);
          if (v < 0 || v == u) {
            batch[i] = Long.MAX_VALUE;
          } else {
            batch[i] = (long) Math.min(u, v) * n + Math.max(u, v);
          }
        }
      });
      // Only the new batch is sorted; the distinct pairs kept so far are already sorted.
      sortParallel(batch);
      long[] all = mergeSorted(have, batch);
      int k = unique(all);
      if (k > 0 && all[k - 1] == Long.MAX_VALUE) {
        k--;
      }
      progress.advance(Math.min(k, target) - Math.min(have.length, target));
      if (k >= target) {
        return subsample(all, k, (int) target, chunkRandom(seed, -1, rr));
      }
      have = Arrays.copyOf(all, k);
    }
  }

  /**
   * Sorts {@code a}: fixed ranges sorted in parallel, then merged pairwise (the result is the sorted
   * array, so it does not depend on the thread count). O(m log m) work, one m-sized scratch array.
   */
  static void sortParallel(long[] a) {
    int m = a.length;
    int parts = m < (1 << 20) ? 1 : Math.min(8, Integer.highestOneBit(Parallel.threads()) * 2);
    if (parts == 1) {
      Arrays.sort(a);
      return;
    }
    int[] bounds = new int[parts + 1];
    for (int i = 0; i <= parts; i++) {
      bounds[i] = (int) ((long) m * i / parts);
    }
    Parallel.forEachChunk(parts, c -> Arrays.sort(a, bounds[c], bounds[c + 1]));
    long[] src = a;
    long[] dst = new long[m];
    for (int width = 1; width < parts; width *= 2) {
      final long[] s = src;
      final long[] d = dst;
      final int w = width;
      int pairs = (parts + 2 * w - 1) / (2 * w);
      Parallel.forEachChunk(pairs, p -> {
        int lo = bounds[Math.min(parts, p * 2 * w)];
        int mid = bounds[Math.min(parts, p * 2 * w + w)];
        int hi = bounds[Math.min(parts, p * 2 * w + 2 * w)];
        int i = lo;
        int j = mid;
        int o = lo;
        while (i < mid && j < hi) {
          d[o++] = s[i] <= s[j] ? s[i++] : s[j++];
        }
        System.arraycopy(s, i, d, o, mid - i);
        o += mid - i;
        System.arraycopy(s, j, d, o, hi - j);
      });
      src = d;
      dst = s;
    }
    if (src != a) {
      System.arraycopy(src, 0, a, 0, m);
    }
  }

  /** Removes adjacent duplicates of a sorted array in place; returns the new length. */
  private static int unique(long[] a) {
    if (a.length == 0) {
      return 0;
    }
    int w = 1;
    for (int i = 1; i < a.length; i++) {
      if (a[i] != a[w - 1]) {
        a[w++] = a[i];
      }
    }
    return w;
  }

  /** A uniform random subset of size {@code want} of the first {@code k} entries, sorted. */
  private static long[] subsample(long[] a, int k, int want, SplittableRandom r) {
    if (k == want) {
      return Arrays.copyOf(a, k);
    }
    for (int i = 0; i < want; i++) {
      int j = i + r.nextInt(k - i);
      long t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    long[] out = Arrays.copyOf(a, want);
    sortParallel(out);
    return out;
  }

  /** The sorted merge of two sorted arrays (duplicates kept). */
  private static long[] mergeSorted(long[] a, long[] b) {
    long[] out = new long[a.length + b.length];
    int i = 0;
    int j = 0;
    int w = 0;
    while (i < a.length && j < b.length) {
      out[w++] = a[i] <= b[j] ? a[i++] : b[j++];
    }
    while (i < a.length) {
      out[w++] = a[i++];
    }
    while (j < b.length) {
      out[w++] = b[j++];
    }
    return out;
  }

  /** Adds one edge to every node without any; intra-class with probability h. */
  private static long[] connectIsolated(Options o, Sampler smp, int[] y, long[] keys, long seed) {
    int n = o.nodes();
    boolean[] touched = new boolean[n];
    for (long k : keys) {
      touched[(int) (k / n)] = true;
      touched[(int) (k % n)] = true;
    }
    int iso = 0;
    for (int v = 0; v < n; v++) {
      if (!touched[v]) {
        iso++;
      }
    }
    if (iso == 0) {
      return keys;
    }
    long[] out = Arrays.copyOf(keys, keys.length + iso);
    int w = keys.length;
    SplittableRandom r = new SplittableRandom(seed);
    for (int u = 0; u < n; u++) {
      if (touched[u]) {
        continue;
      }
      int v = -1;
      for (int attempt = 0; attempt < 1000 && (v < 0 || v == u); attempt++) {
        boolean same = o.classes() == 1 || r.nextDouble() < o.homophily();
        v = same ? smp.inClass(r, y[u]) : interPartner(smp, y, o.classes(), u, o.twinFraction(), r);
        if (v < 0 || v == u) {
          v = smp.global(r); // a singleton class cannot host an intra-class edge: any partner
        }
      }
      if (v < 0 || v == u) {
        throw new IllegalArgumentException("synthetic graph: could not connect isolated node " + u);
      }
      out[w++] = (long) Math.min(u, v) * n + Math.max(u, v);
    }
    sortParallel(out);
    return Arrays.copyOf(out, unique(out));
  }

  /**
   * The symmetric CSR of sorted unique packed pairs (lo·N + hi, lo &lt; hi), without per-row sorts:
   * scanning pairs in order writes each row's lower neighbours (ascending lo) before its upper ones
   * (ascending hi).
   */
  static CsrGraph toCsr(int n, long[] keys) {
    long[] lowCount = new long[n];
    long[] off = new long[n + 1];
    for (long k : keys) {
      int lo = (int) (k / n);
      int hi = (int) (k % n);
      off[lo + 1]++;
      off[hi + 1]++;
      lowCount[hi]++;
    }
    for (int v = 0; v < n; v++) {
      off[v + 1] += off[v];
    }
    long[] curLow = Arrays.copyOf(off, n);
    long[] curHigh = new long[n];
    for (int v = 0; v < n; v++) {
      curHigh[v] = off[v] + lowCount[v];
    }
    int[] tgt = new int[(int) off[n]];
    for (long k : keys) {
      int lo = (int) (k / n);
      int hi = (int) (k % n);
      tgt[(int) curHigh[lo]++] = hi;
      tgt[(int) curLow[hi]++] = lo;
    }
    return new CsrGraph(n, off, tgt);
  }

  private static Matrix features(Options o, int[] y, long seed, ProgressListener progress) {
    int n = o.nodes();
    int f = o.features();
    SplittableRandom mr = new SplittableRandom(seed);
    float[] mu = new float[o.classes() * f];
    for (int i = 0; i < mu.length; i++) {
      mu[i] = (float) (o.meanScale() * mr.nextGaussian());
    }
    Matrix x = Matrix.zeros(n, f);
    float[] d = x.data();
    int rowsPerChunk = Math.max(1, CHUNK / f);
    int chunks = (n + rowsPerChunk - 1) / rowsPerChunk;
    Parallel.forEachChunk(chunks, ch -> {
      SplittableRandom r = chunkRandom(seed, 1, ch);
      int end = Math.min(n, (ch + 1) * rowsPerChunk);
      for (int v = ch * rowsPerChunk; v < end; v++) {
        int base = v * f;
        int mb = y[v] * f;
        for (int j = 0; j < f; j++) {
          d[base + j] = mu[mb + j] + (float) r.nextGaussian();
        }
      }
      progress.advance(end - ch * rowsPerChunk);
    });
    return x;
  }

  /** A random permutation split with ogbn-arxiv's proportions (90941/29799/48603 at N = 169,343). */
  static Split arxivSplit(int n, long seed, long userSeed) {
    long tot = ARXIV_SPLIT[0] + ARXIV_SPLIT[1] + ARXIV_SPLIT[2];
    int nTr = (int) Math.round((double) n * ARXIV_SPLIT[0] / tot);
    int nVa = (int) Math.round((double) n * ARXIV_SPLIT[1] / tot);
    int[] perm = Shuffle.permutation(n, new SplittableRandom(seed));
    int[] tr = Arrays.copyOfRange(perm, 0, nTr);
    int[] va = Arrays.copyOfRange(perm, nTr, nTr + nVa);
    int[] te = Arrays.copyOfRange(perm, nTr + nVa, n);
    Arrays.sort(tr);
    Arrays.sort(va);
    Arrays.sort(te);
    return new Split(String.format(Locale.ROOT,
        "random 53.7/17.6/28.7 (ogbn-arxiv proportions) seed %d", userSeed), tr, va, te);
  }
}
