package io.github.ibmb4j.spark;

import io.github.ibmb4j.batching.BatchSpec;
import io.github.ibmb4j.influence.PprMatrix;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Compact binary forms of what tasks send to the driver: a {@link PprMatrix} row block and a list of
 * {@link BatchSpec}s (primitive arrays written as they are, no Java serialisation of object graphs).
 * Decoding gives back equal arrays. Stateless.
 */
final class Codec {
  private Codec() {}

  interface Body {
    void write(DataOutputStream out) throws IOException;
  }

  static byte[] encode(Body body) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 12);
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        body.write(out);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static DataInputStream input(byte[] b) {
    return new DataInputStream(new ByteArrayInputStream(b));
  }

  static void writePpr(DataOutputStream out, PprMatrix m) throws IOException {
    out.writeInt(m.numNodes());
    out.writeLong(m.pushedEntries());
    writeInts(out, m.sources());
    writeInts(out, m.topkOffsets());
    writeInts(out, m.topkNodes());
    writeDoubles(out, m.topkValues());
    for (int i = 0; i < m.numRows(); i++) {
      writeInts(out, m.outputCols()[i]);
      writeDoubles(out, m.outputValues()[i]);
    }
  }

  static PprMatrix readPpr(DataInputStream in) throws IOException {
    int n = in.readInt();
    long pushed = in.readLong();
    int[] src = readInts(in);
    int[] off = readInts(in);
    int[] nodes = readInts(in);
    double[] vals = readDoubles(in);
    int[][] oc = new int[src.length][];
    double[][] ov = new double[src.length][];
    for (int i = 0; i < src.length; i++) {
      oc[i] = readInts(in);
      ov[i] = readDoubles(in);
    }
    return new PprMatrix(n, src, off, nodes, vals, oc, ov, pushed);
  }

  static void writeBatches(DataOutputStream out, List<BatchSpec> batches) throws IOException {
    out.writeInt(batches.size());
    for (BatchSpec b : batches) {
      writeInts(out, b.outputs());
      writeInts(out, b.auxiliary());
    }
  }

  static List<BatchSpec> readBatches(DataInputStream in) throws IOException {
    int k = in.readInt();
    List<BatchSpec> l = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      l.add(new BatchSpec(readInts(in), readInts(in)));
    }
    return l;
  }

  static void writeInts(DataOutputStream out, int[] a) throws IOException {
    out.writeInt(a.length);
    for (int x : a) {
      out.writeInt(x);
    }
  }

  static int[] readInts(DataInputStream in) throws IOException {
    int[] a = new int[in.readInt()];
    for (int i = 0; i < a.length; i++) {
      a[i] = in.readInt();
    }
    return a;
  }

  static void writeDoubles(DataOutputStream out, double[] a) throws IOException {
    out.writeInt(a.length);
    for (double x : a) {
      out.writeDouble(x);
    }
  }

  static double[] readDoubles(DataInputStream in) throws IOException {
    double[] a = new double[in.readInt()];
    for (int i = 0; i < a.length; i++) {
      a[i] = in.readDouble();
    }
    return a;
  }
}
