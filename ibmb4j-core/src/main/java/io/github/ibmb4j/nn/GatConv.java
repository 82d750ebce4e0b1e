package io.github.ibmb4j.nn;

import io.github.ibmb4j.concurrent.Parallel;
import io.github.ibmb4j.tensor.CsrMatrix;
import io.github.ibmb4j.tensor.Kernels;
import io.github.ibmb4j.tensor.Matrix;
import java.util.Arrays;
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
 * <p>Forward: GEMM O(n·in·H·C) plus O(nnz·H·C) edge work, parallel over target rows. Backward: per-edge
 * softmax/LeakyReLU gradients parallel over target rows; the gradients reaching source rows are
 * gathered over the cached transposed CSR with its edge-position map (parallel over source rows, no
 * racy scatter); attention-vector gradients reduced serially in row order. Every value is computed by
 * one thread in a fixed order, so results do not depend on the thread count. Memory: O(nnz·H) per-edge
 * buffers (grow-only). Not thread-safe.
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
  private Matrix xp;
  private Matrix y;
  private Matrix dxp;
  private Matrix dx;
  private float[] aSrc;
  private float[] aDst;
  private float[] coef;
  private float[] ds;
  private float[] dAlphaSrc;
  private float[] dAlphaDst;

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
    aSrc = Buffers.ensure(aSrc, n * hh);
    aDst = Buffers.ensure(aDst, rows * hh);
    final int nnz = adjacency.rowPtr()[rows];
    coef = Buffers.ensure(coef, nnz * hh);
    y = Buffers.ensure(y, rows, outFeatures());
    final float[] XP = xp.data();
    final float[] AS = aSrc;
    final float[] AD = aDst;
    final float[] CO = coef;
    final float[] Y = y.data();
    final float[] as = attSrc.values();
    final float[] ad = attDst.values();
    final float[] b = bias.values();
    final int[] rp = adjacency.rowPtr();
    final int[] ci = adjacency.colIdx();
    final int outF = outFeatures();
    final boolean cat = concat;
    Parallel.forRanges(n, Buffers.chunks(n), (chunk, from, to) -> {
      for (int j = from; j < to; j++) {
        for (int h = 0; h < hh; h++) {
          int o = j * hc + h * cc;
          float s = 0f;
          float t = 0f;
          for (int c = 0; c < cc; c++) {
            s += XP[o + c] * as[h * cc + c];
            t += XP[o + c] * ad[h * cc + c];
          }
          AS[j * hh + h] = s;
          if (j < rows) {
            AD[j * hh + h] = t;
          }
        }
      }
    });
    Parallel.forRanges(rows, Buffers.chunks(rows), (chunk, from, to) -> {
      for (int i = from; i < to; i++) {
        int yo = i * outF;
        System.arraycopy(b, 0, Y, yo, outF);
        int s0 = rp[i];
        int s1 = rp[i + 1];
        if (s1 == s0) {
          continue;
        }
        for (int h = 0; h < hh; h++) {
          float dst = AD[i * hh + h];
          float max = Float.NEGATIVE_INFINITY;
          for (int e = s0; e < s1; e++) {
            float v = AS[ci[e] * hh + h] + dst;
            v = v > 0f ? v : SLOPE * v;
            CO[e * hh + h] = v;
            max = Math.max(max, v);
          }
          float sum = 0f;
          for (int e = s0; e < s1; e++) {
            float w = (float) Math.exp(CO[e * hh + h] - max);
            CO[e * hh + h] = w;
            sum += w;
          }
          float inv = 1f / sum;
          float scale = cat ? 1f : 1f / hh;
          int yh = cat ? yo + h * cc : yo;
          for (int e = s0; e < s1; e++) {
            float a = CO[e * hh + h] * inv;
            CO[e * hh + h] = a;
            int xo = ci[e] * hc + h * cc;
            float as2 = a * scale;
            for (int c = 0; c < cc; c++) {
              Y[yh + c] += as2 * XP[xo + c];
            }
          }
        }
      }
    });
    return y;
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
    final int outF = outFeatures();
    final boolean cat = concat;
    final float scale = cat ? 1f : 1f / hh;
    final int[] rp = adj.rowPtr();
    final int[] ci = adj.colIdx();
    final int nnz = rp[rows];
    ds = Buffers.ensure(ds, nnz * hh);
    dAlphaDst = Buffers.ensure(dAlphaDst, rows * hh);
    dAlphaSrc = Buffers.ensure(dAlphaSrc, n * hh);
    final float[] XP = xp.data();
    final float[] AS = aSrc;
    final float[] AD = aDst;
    final float[] CO = coef;
    final float[] DS = ds;
    final float[] DAD = dAlphaDst;
    final float[] DASRC = dAlphaSrc;
    final float[] G = gradOut.data();
    // Phase 1, per target row: dα = dOut·X'_j, softmax and LeakyReLU backward, dα_dst by row sums.
    Parallel.forRanges(rows, Buffers.chunks(rows), (chunk, from, to) -> {
      for (int i = from; i < to; i++) {
        int s0 = rp[i];
        int s1 = rp[i + 1];
        for (int h = 0; h < hh; h++) {
          int go = i * outF + (cat ? h * cc : 0);
          float dot = 0f;
          for (int e = s0; e < s1; e++) {
            int xo = ci[e] * hc + h * cc;
            float da = 0f;
            for (int c = 0; c < cc; c++) {
              da += G[go + c] * XP[xo + c];
            }
            da *= scale;
            DS[e * hh + h] = da;
            dot += CO[e * hh + h] * da;
          }
          float dsum = 0f;
          float dst = AD[i * hh + h];
          for (int e = s0; e < s1; e++) {
            float a = CO[e * hh + h];
            float de = a * (DS[e * hh + h] - dot);
            float pre = AS[ci[e] * hh + h] + dst;
            float d = pre > 0f ? de : SLOPE * de;
            DS[e * hh + h] = d;
            dsum += d;
          }
          DAD[i * hh + h] = dsum;
        }
      }
    });
    // Phase 2, per source row j over the transpose: dX'_j = Σ α·dOut_i + dα_src·a_src (+ dst term).
    AdjacencyCache.Transposed tr = cache.transpose(adj, rows);
    final int[] tp = tr.matrix().rowPtr();
    final int[] ti = tr.matrix().colIdx();
    final int[] pos = tr.edgePos();
    dxp = Buffers.ensure(dxp, n, hc);
    final float[] DXP = dxp.data();
    final float[] as = attSrc.values();
    final float[] ad = attDst.values();
    Parallel.forRanges(n, Buffers.chunks(n), (chunk, from, to) -> {
      for (int j = from; j < to; j++) {
        int xo = j * hc;
        Arrays.fill(DXP, xo, xo + hc, 0f);
        for (int h = 0; h < hh; h++) {
          int xh = xo + h * cc;
          float dsrc = 0f;
          for (int p = tp[j]; p < tp[j + 1]; p++) {
            int e = pos[p];
            int i = ti[p];
            float a = CO[e * hh + h] * scale;
            int go = i * outF + (cat ? h * cc : 0);
            for (int c = 0; c < cc; c++) {
              DXP[xh + c] += a * G[go + c];
            }
            dsrc += DS[e * hh + h];
          }
          DASRC[j * hh + h] = dsrc;
          for (int c = 0; c < cc; c++) {
            DXP[xh + c] += dsrc * as[h * cc + c];
          }
          if (j < rows) {
            float dd = DAD[j * hh + h];
            for (int c = 0; c < cc; c++) {
              DXP[xh + c] += dd * ad[h * cc + c];
            }
          }
        }
      }
    });
    float[] gas = attSrc.grads();
    float[] gad = attDst.grads();
    for (int j = 0; j < n; j++) {
      for (int h = 0; h < hh; h++) {
        float s = DASRC[j * hh + h];
        float d = j < rows ? DAD[j * hh + h] : 0f;
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
