package io.github.ibmb4j.nn;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Kernels;
import io.github.ibmb4j.tensor.Matrix;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Graph attention (Veličković et al.) in the PyG-v1 form the reference uses (§3.3): no self-loop
 * insertion (batches already contain them), adjacency values ignored (structure only), LeakyReLU slope
 * 0.2, no attention dropout, bias added after aggregation, heads concatenated or averaged.
 *
 * <p>With X' = X·Wᵀ split into H heads of C channels, for target row i and source j ∈ N(i):
 * {@code e_ijh = LeakyReLU(⟨X'_jh, a_src,h⟩ + ⟨X'_ih, a_dst,h⟩)}, {@code α_ijh = softmax_j(e_ijh)}
 * over row i's in-batch neighbours, {@code Y_ih = Σ_j α_ijh X'_jh}; the output is
 * {@code concat_h Y_ih + b} or {@code mean_h Y_ih + b}. Rows without neighbours give b.
 *
 * <p><b>Shapes:</b> A: r × n (r ≥ rows), X: n × in, W: H·C × in, a_src, a_dst: 1 × H × C, b: H·C
 * (concat) or C (mean), Y: rows × H·C (concat) or rows × C (mean).
 *
 * <p><b>Algorithm.</b> The attention runs on the fused GAT kernels of {@link Kernels} (SIMD where
 * available); the layer adds the cheap per-node parts. Forward: X' = X·Wᵀ (GEMM); per-node scores
 * s_jh = ⟨X'_jh, a_src,h⟩ and t_ih = ⟨X'_ih, a_dst,h⟩; {@link Kernels#gatEdgeSoftmax} (scores,
 * LeakyReLU and softmax per row in one pass, α stored edge-major nnz × H);
 * {@link Kernels#gatAggregate}; bias, and for the mean a sum over the heads of the rows × H·C
 * aggregate. Backward with G = dY (spread to every head and divided by H for the mean):
 * {@link Kernels#gatAttentionGrad} gives dα, {@link Kernels#gatEdgeSoftmaxBackward} turns it in place
 * into the raw-score gradient dE and its row sums dt; ds_j = Σ_{i} dE_ij is gathered over the cached
 * transpose Aᵀ of rows [0, rows) with its edge-position map; dX' = s/t terms + Aᵀ-aggregation of G with
 * α carried to Aᵀ's entry order ({@link Kernels#permuteEdges}, {@link Kernels#gatAggregate} on Aᵀ);
 * then dW = dX'ᵀ·X and dX = dX'·W (GEMMs).
 *
 * <p><b>Complexity.</b> Forward O(n·in·H·C) (GEMM) + O(nnz·H·C) (aggregation) + O(nnz·H) (softmax);
 * backward about twice the forward: two GEMMs, an SDDMM and an aggregation over Aᵀ (O(nnz·H·C) each),
 * O(nnz·H) softmax backward and permutation, O(n·H·C) per-node terms. nnz counts the entries of rows
 * [0, rows).
 *
 * <p><b>Memory.</b> Two per-edge buffers of nnz·H floats (α from the forward, and one scratch buffer
 * the backward reuses for dα, dE and the permuted α), per-node score and score-gradient vectors
 * (O(n·H)), X' and dX' (n × H·C) and, for the mean over heads, one rows × H·C buffer. All are grow-only
 * fields reused across batches; Aᵀ comes from the model's {@link AdjacencyCache}.
 *
 * <p><b>Determinism.</b> The kernels and the layer's own loops compute every output element in one
 * task with an order fixed by the shapes, and the attention-vector gradients are reduced serially
 * in row order, so results do not depend on the thread count. Not thread-safe.
 */
public final class GatConv implements GraphConv {
  private static final float SLOPE = 0.2f;

  private final String prefix;
  private final int heads;
  private final int channels;
  private final boolean concat;
  private final Parameter weight;
  private final Parameter attSrc;
  private final Parameter attDst;
  private final Parameter bias;
  private final AdjacencyCache cache;

  private CsrMatrix adj;
  private int rows;
  private Matrix x;
  /** X' = X·Wᵀ, n × H·C. */
  private Matrix xp;
  private Matrix y;
  /** Mean over heads only: the per-head aggregate (forward), then the per-head dY (backward). */
  private Matrix perHead;
  private Matrix dxp;
  private Matrix dx;
  /** s_jh = ⟨X'_jh, a_src,h⟩ at j·H + h (n·H). */
  private float[] srcScore;
  /** t_ih = ⟨X'_ih, a_dst,h⟩ at i·H + h (rows·H). */
  private float[] dstScore;
  /** α, edge-major (nnz·H), kept from the forward for the backward. */
  private float[] alpha;
  /** Backward scratch, nnz·H: dα, then dE in place, then α in Aᵀ's entry order. */
  private float[] edgeScratch;
  private float[] dSrc;
  private float[] dDst;

  /**
   * @param prefix name prefix ({@code convs.0} gives {@code convs.0.lin.weight},
   *     {@code convs.0.att_src}, {@code convs.0.att_dst}, {@code convs.0.bias})
   * @param channels C, the channels per head
   * @param concat concatenate heads (true) or average them (false)
   */
  public GatConv(String prefix, int in, int channels, int heads, boolean concat, boolean decayed,
      AdjacencyCache cache, SplittableRandom rnd) {
    if (heads < 1) {
      throw new IllegalArgumentException(prefix + ": heads is " + heads + ", expected >= 1");
    }
    this.prefix = prefix;
    this.heads = heads;
    this.channels = channels;
    this.concat = concat;
    weight = new Parameter(prefix + ".lin.weight", decayed, heads * channels, in);
    attSrc = new Parameter(prefix + ".att_src", decayed, 1, heads, channels);
    attDst = new Parameter(prefix + ".att_dst", decayed, 1, heads, channels);
    bias = new Parameter(prefix + ".bias", decayed, concat ? heads * channels : channels);
    Buffers.glorot(weight.values(), in, heads * channels, rnd);
    Buffers.glorot(attSrc.values(), heads, channels, rnd);
    Buffers.glorot(attDst.values(), heads, channels, rnd);
    this.cache = cache;
  }

  @Override
  public int inFeatures() {
    return weight.shape()[1];
  }

  @Override
  public int outFeatures() {
    return concat ? heads * channels : channels;
  }

  public int heads() {
    return heads;
  }

  public boolean concat() {
    return concat;
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(weight, attSrc, attDst, bias);
  }

  @Override
  public Matrix forward(CsrMatrix adjacency, int rows, Matrix input) {
    GraphConv.checkShapes(prefix, adjacency, rows, input, inFeatures());
    this.adj = adjacency;
    this.rows = rows;
    this.x = input;
    final int n = input.rows();
    final int hh = heads;
    final int cc = channels;
    final int hc = hh * cc;
    xp = Buffers.ensure(xp, n, hc);
    Kernels.matmulTransB(input, weight.value(), xp, false);
    srcScore = Buffers.ensure(srcScore, n * hh);
    dstScore = Buffers.ensure(dstScore, rows * hh);
    alpha = Buffers.ensure(alpha, adjacency.rowPtr()[rows] * hh);
    final float[] XP = xp.data();
    final float[] S = srcScore;
    final float[] T = dstScore;
    final float[] as = attSrc.values();
    final float[] ad = attDst.values();
    Parallel.forRanges(n, Buffers.chunks(n), (chunk, from, to) -> {
      for (int j = from; j < to; j++) {
        for (int h = 0; h < hh; h++) {
          int o = j * hc + h * cc;
          S[j * hh + h] = dot(XP, o, as, h * cc, cc);
          if (j < rows) {
            T[j * hh + h] = dot(XP, o, ad, h * cc, cc);
          }
        }
      }
    });
    Kernels.gatEdgeSoftmax(adjacency, rows, S, T, hh, SLOPE, alpha);
    y = Buffers.ensure(y, rows, outFeatures());
    if (concat) {
      Kernels.gatAggregate(adjacency, rows, alpha, hh, xp, y, false);
      Kernels.addRowVector(y, bias.values());
    } else {
      // The mean is a sum over the rows × H·C aggregate: O(rows·H·C), small next to the O(nnz·H·C)
      // aggregation, so the kernels need no mean mode of their own.
      perHead = Buffers.ensure(perHead, rows, hc);
      Kernels.gatAggregate(adjacency, rows, alpha, hh, xp, perHead, false);
      final float[] P = perHead.data();
      final float[] Y = y.data();
      final float[] b = bias.values();
      final float inv = 1f / hh;
      Parallel.forRanges(rows, Buffers.chunks(rows), (chunk, from, to) -> {
        for (int i = from; i < to; i++) {
          for (int c = 0; c < cc; c++) {
            float s = 0f;
            for (int h = 0; h < hh; h++) {
              s += P[i * hc + h * cc + c];
            }
            Y[i * cc + c] = s * inv + b[c];
          }
        }
      });
    }
    return y;
  }

  /** ⟨a[ao, ao + len), b[bo, bo + len)⟩ with four partial sums (independent FMA chains). */
  private static float dot(float[] a, int ao, float[] b, int bo, int len) {
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    int c = 0;
    for (; c <= len - 4; c += 4) {
      s0 += a[ao + c] * b[bo + c];
      s1 += a[ao + c + 1] * b[bo + c + 1];
      s2 += a[ao + c + 2] * b[bo + c + 2];
      s3 += a[ao + c + 3] * b[bo + c + 3];
    }
    for (; c < len; c++) {
      s0 += a[ao + c] * b[bo + c];
    }
    return (s0 + s1) + (s2 + s3);
  }

  @Override
  public Matrix backward(Matrix gradOut, boolean needInputGrad) {
    if (x == null || gradOut.rows() != rows || gradOut.cols() != outFeatures()) {
      throw new IllegalStateException(prefix + ": backward without matching forward");
    }
    Kernels.columnSums(gradOut, bias.grads(), true);
    final int n = x.rows();
    final int hh = heads;
    final int cc = channels;
    final int hc = hh * cc;
    // G: the gradient of the per-head aggregate, rows × H·C.
    Matrix g = gradOut;
    if (!concat) {
      perHead = Buffers.ensure(perHead, rows, hc);
      final float[] P = perHead.data();
      final float[] D = gradOut.data();
      final float inv = 1f / hh;
      Parallel.forRanges(rows, Buffers.chunks(rows), (chunk, from, to) -> {
        for (int i = from; i < to; i++) {
          for (int h = 0; h < hh; h++) {
            for (int c = 0; c < cc; c++) {
              P[i * hc + h * cc + c] = D[i * cc + c] * inv;
            }
          }
        }
      });
      g = perHead;
    }
    final int nnz = adj.rowPtr()[rows];
    edgeScratch = Buffers.ensure(edgeScratch, nnz * hh);
    dSrc = Buffers.ensure(dSrc, n * hh);
    dDst = Buffers.ensure(dDst, rows * hh);
    final float[] E = edgeScratch;
    // dα, then (in place) the raw-score gradient dE and its row sums dt.
    Kernels.gatAttentionGrad(adj, rows, g, hh, xp, E);
    Kernels.gatEdgeSoftmaxBackward(adj, rows, srcScore, dstScore, hh, SLOPE, alpha, E, E, dDst);
    // ds_j = Σ_i dE_ij: gathered per source row over Aᵀ (no racy scatter), in Aᵀ's entry order.
    AdjacencyCache.Transposed tr = cache.transpose(adj, rows);
    final CsrMatrix at = tr.matrix();
    final int[] tp = at.rowPtr();
    final int[] pos = tr.edgePos();
    dxp = Buffers.ensure(dxp, n, hc);
    final float[] DS = dSrc;
    final float[] DT = dDst;
    final float[] DXP = dxp.data();
    final float[] as = attSrc.values();
    final float[] ad = attDst.values();
    Parallel.forRanges(n, Buffers.chunks(n), (chunk, from, to) -> {
      for (int j = from; j < to; j++) {
        for (int h = 0; h < hh; h++) {
          float s = 0f;
          for (int p = tp[j]; p < tp[j + 1]; p++) {
            s += E[pos[p] * hh + h];
          }
          DS[j * hh + h] = s;
          // dX' starts with the score terms; the aggregation over Aᵀ accumulates onto them.
          float t = j < rows ? DT[j * hh + h] : 0f;
          int o = j * hc + h * cc;
          for (int c = 0; c < cc; c++) {
            DXP[o + c] = s * as[h * cc + c] + t * ad[h * cc + c];
          }
        }
      }
    });
    // dE is consumed: E now receives α in Aᵀ's entry order, for dX'_j += Σ_i α_ij·G_i.
    Kernels.permuteEdges(alpha, pos, hh, E);
    Kernels.gatAggregate(at, n, E, hh, g, dxp, true);
    final float[] XP = xp.data();
    float[] gas = attSrc.grads();
    float[] gad = attDst.grads();
    for (int j = 0; j < n; j++) {
      for (int h = 0; h < hh; h++) {
        float s = DS[j * hh + h];
        float d = j < rows ? DT[j * hh + h] : 0f;
        int xo = j * hc + h * cc;
        for (int c = 0; c < cc; c++) {
          gas[h * cc + c] += s * XP[xo + c];
          gad[h * cc + c] += d * XP[xo + c];
        }
      }
    }
    Kernels.matmulTransA(dxp, x, weight.grad(), true);
    if (!needInputGrad) {
      return null;
    }
    dx = Buffers.ensure(dx, n, inFeatures());
    Kernels.matmul(dxp, weight.value(), dx, false);
    return dx;
  }
}
