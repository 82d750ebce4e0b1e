package io.github.ibmb4j.experiment;

import io.github.ibmb4j.batching.BatchPlan;
import io.github.ibmb4j.batching.BatchSpec;
import io.github.ibmb4j.data.NodeIds;
import io.github.ibmb4j.tensor.Batch;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * SHA-256 digests of results in a canonical form over the ORIGINAL node ids ({@link NodeIds}), so that
 * two programs that computed the same result (the single-machine CLI and the Spark jobs, on a dataset
 * and on its import from tables) print the same hex string. This class is the one definition both use.
 *
 * <p><b>Plan</b> ({@code ibmb-plan v1}): the method name, the number of batches, then per batch, in
 * ascending order of the batch's smallest output node: its output ids, then its auxiliary ids, each
 * list as a count followed by the ids in ascending order. <b>Predictions</b> ({@code ibmb-predictions
 * v1}): the number of entries, then per node in ascending id order: its id, the predicted class and the
 * IEEE bits of the predicted probability (so equal digests mean bit-identical probabilities). An id is
 * written as the length of its UTF-8 text ({@link NodeIds#text}) and the bytes; integers are big-endian.
 * Because original ids ascend with compact ids, ascending compact order is ascending original order.
 *
 * <p>O(total ids) time, streaming (no copy of the canonical bytes). Stateless, thread-safe.
 */
public final class Digests {
  private Digests() {}

  /** The hex SHA-256 of {@code plan}'s canonical form with ids mapped by {@code ids}. */
  public static String plan(BatchPlan plan, NodeIds ids) {
    List<BatchSpec> batches = new ArrayList<>(plan.batches());
    for (BatchSpec b : batches) {
      if (b.outputs().length == 0) {
        throw new IllegalArgumentException("a batch without output nodes has no canonical position");
      }
    }
    batches.sort((a, b) -> Integer.compare(a.outputs()[0], b.outputs()[0]));
    return digest("ibmb-plan v1", out -> {
      writeText(out, plan.method());
      out.writeInt(batches.size());
      for (BatchSpec b : batches) {
        writeIds(out, sorted(b.outputs()), ids);
        writeIds(out, sorted(b.auxiliary()), ids);
      }
    });
  }

  /**
   * The digest of the plan behind materialised batches (as {@code ibmb batches} has them): each
   * batch's output nodes and its nodes, sorted and distinct, are its outputs and auxiliary nodes.
   */
  public static String plan(String method, List<Batch> batches, NodeIds ids) {
    List<BatchSpec> specs = new ArrayList<>(batches.size());
    for (Batch b : batches) {
      specs.add(new BatchSpec(Arrays.stream(b.outputNodes()).sorted().distinct().toArray(),
          Arrays.stream(b.nodes()).sorted().distinct().toArray()));
    }
    return plan(new BatchPlan(method, new int[0], specs), ids);
  }

  /**
   * The hex SHA-256 of predictions (aligned arrays, any order, each node once) with ids mapped by
   * {@code ids}.
   *
   * @param nodes compact node ids
   * @param predicted predicted class per node
   * @param probability probability of the predicted class per node
   */
  public static String predictions(int[] nodes, int[] predicted, float[] probability, NodeIds ids) {
    if (predicted.length != nodes.length || probability.length != nodes.length) {
      throw new IllegalArgumentException("predictions have " + nodes.length + " nodes, "
          + predicted.length + " classes and " + probability.length + " probabilities");
    }
    long[] order = new long[nodes.length];
    for (int i = 0; i < nodes.length; i++) {
      order[i] = ((long) nodes[i] << 32) | i;
    }
    Arrays.sort(order);
    for (int i = 1; i < order.length; i++) {
      if (order[i] >>> 32 == order[i - 1] >>> 32) {
        throw new IllegalArgumentException("node " + (order[i] >>> 32) + " is predicted twice");
      }
    }
    return digest("ibmb-predictions v1", out -> {
      out.writeInt(order.length);
      for (long o : order) {
        int i = (int) o;
        writeText(out, ids.text(nodes[i]));
        out.writeInt(predicted[i]);
        out.writeInt(Float.floatToIntBits(probability[i]));
      }
    });
  }

  private interface Body {
    void write(DataOutputStream out) throws IOException;
  }

  private static String digest(String header, Body body) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(
          new DigestOutputStream(OutputStream.nullOutputStream(), md), 1 << 16))) {
        writeText(out, header);
        body.write(out);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int[] sorted(int[] a) {
    for (int i = 1; i < a.length; i++) {
      if (a[i] < a[i - 1]) {
        int[] c = a.clone();
        Arrays.sort(c);
        return c;
      }
    }
    return a;
  }

  private static void writeIds(DataOutputStream out, int[] nodes, NodeIds ids) throws IOException {
    out.writeInt(nodes.length);
    for (int v : nodes) {
      writeText(out, ids.text(v));
    }
  }

  private static void writeText(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }
}
