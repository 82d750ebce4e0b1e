package io.github.ibmb4j.files;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 over a sequence of primitive values and arrays in little-endian order, streamed through a
 * 64 KiB buffer (no copy of large arrays): the content hashes behind cache keys and dataset
 * fingerprints. Arrays are length-prefixed unless appended as a run. Not thread-safe (one per hash).
 */
public final class ContentDigest {
  private final MessageDigest md;
  private final ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

  /** An empty SHA-256 digest. */
  public ContentDigest() {
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  private void drain() {
    b.flip();
    md.update(b);
    b.clear();
  }

  /** Appends raw bytes. */
  public ContentDigest bytes(byte[] a) {
    drain();
    md.update(a);
    return this;
  }

  /** Appends an int. */
  public ContentDigest putInt(int v) {
    if (b.remaining() < 4) {
      drain();
    }
    b.putInt(v);
    return this;
  }

  /** Appends a long. */
  public ContentDigest putLong(long v) {
    if (b.remaining() < 8) {
      drain();
    }
    b.putLong(v);
    return this;
  }

  /** Appends the longs of {@code a} without a length prefix. */
  public ContentDigest putLongRun(long[] a) {
    for (long v : a) {
      putLong(v);
    }
    return this;
  }

  /** Appends {@code a}'s length and values. */
  public ContentDigest putInts(int[] a) {
    putInt(a.length);
    int off = 0;
    while (off < a.length) {
      if (b.remaining() < 4) {
        drain();
      }
      int n = Math.min(a.length - off, b.remaining() / 4);
      b.asIntBuffer().put(a, off, n);
      b.position(b.position() + 4 * n);
      off += n;
    }
    return this;
  }

  /** Appends {@code a}'s length and values. */
  public ContentDigest putFloats(float[] a) {
    putInt(a.length);
    return putFloatRun(a, a.length);
  }

  /** Appends {@code a[0, len)} without a length prefix. */
  public ContentDigest putFloatRun(float[] a, int len) {
    int off = 0;
    while (off < len) {
      if (b.remaining() < 4) {
        drain();
      }
      int n = Math.min(len - off, b.remaining() / 4);
      b.asFloatBuffer().put(a, off, n);
      b.position(b.position() + 4 * n);
      off += n;
    }
    return this;
  }

  /** The SHA-256 of everything appended (the digest is then reset). */
  public byte[] digest() {
    drain();
    return md.digest();
  }
}
