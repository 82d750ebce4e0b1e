package io.github.ibmb4j.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One array read from NumPy's NPY format (versions 1.0–3.0, C order, little-endian or byte-sized
 * dtypes): its dtype descriptor, shape and raw little-endian bytes, with typed accessors that convert
 * where lossless.
 *
 * @param name where the array came from (file or archive entry), used in error messages
 * @param descr NumPy dtype descriptor, e.g. {@code <i4}, {@code <f4}, {@code |u1}
 * @param shape dimensions (empty for a scalar)
 * @param data little-endian raw data
 */
public record NpyArray(String name, String descr, long[] shape, ByteBuffer data) {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  /** Number of elements (product of the shape). */
  public long size() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /** Bytes per element of {@link #descr()}. */
  public int itemSize() {
    return itemSize(descr);
  }

  private static int itemSize(String descr) {
    return switch (descr.substring(1)) {
      case "b1", "u1", "i1" -> 1;
      case "i2", "u2" -> 2;
      case "i4", "u4", "f4" -> 4;
      case "i8", "u8", "f8" -> 8;
      default -> -1;
    };
  }

  /**
   * Reads one NPY stream fully.
   *
   * @throws DatasetFormatException if the magic, header, dtype, order or length is wrong
   */
  public static NpyArray read(InputStream in, String name) throws IOException {
    DataInputStream din = new DataInputStream(in);
    try {
      byte[] magic = new byte[6];
      din.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new DatasetFormatException(name + ": not an NPY array (bad magic bytes)");
      }
      int major = din.readUnsignedByte();
      din.readUnsignedByte();
      long hlen;
      if (major == 1) {
        hlen = Short.toUnsignedInt(Short.reverseBytes(din.readShort()));
      } else if (major == 2 || major == 3) {
        hlen = Integer.toUnsignedLong(Integer.reverseBytes(din.readInt()));
      } else {
        throw new DatasetFormatException(name + ": unsupported NPY version " + major);
      }
      if (hlen > 1 << 20) {
        throw new DatasetFormatException(name + ": NPY header length " + hlen + " is implausible");
      }
      byte[] hb = new byte[(int) hlen];
      din.readFully(hb);
      String header = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
      String descr = group(DESCR, header, name, "descr");
      if (!"False".equals(group(FORTRAN, header, name, "fortran_order"))) {
        throw new DatasetFormatException(name + ": Fortran-ordered arrays are not supported");
      }
      if (itemSize(descr) < 0 || (descr.charAt(0) == '>' && itemSize(descr) > 1)) {
        throw new DatasetFormatException(name + ": unsupported dtype '" + descr
            + "', expected a little-endian bool, int, uint or float type");
      }
      String shapeText = group(SHAPE, header, name, "shape").trim();
      long[] shape = shapeText.isEmpty() ? new long[0] : Arrays.stream(shapeText.split(","))
          .map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
      long count = 1;
      for (long d : shape) {
        if (d < 0) {
          throw new DatasetFormatException(name + ": negative dimension in shape " + shapeText);
        }
        count = Math.multiplyExact(count, d);
      }
      long bytes = Math.multiplyExact(count, itemSize(descr));
      if (bytes > Integer.MAX_VALUE - 8) {
        throw new DatasetFormatException(name + ": array of " + bytes + " bytes exceeds 2 GiB");
      }
      byte[] raw = new byte[(int) bytes];
      din.readFully(raw);
      if (din.read() != -1) {
        throw new DatasetFormatException(name + ": trailing data after " + bytes
            + " bytes of array data (shape " + Arrays.toString(shape) + ", dtype " + descr + ")");
      }
      return new NpyArray(name, descr, shape, ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN));
    } catch (EOFException e) {
      throw new DatasetFormatException(name + ": truncated NPY data", e);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new DatasetFormatException(name + ": malformed NPY shape", e);
    }
  }

  private static String group(Pattern p, String header, String name, String key)
      throws DatasetFormatException {
    Matcher m = p.matcher(header);
    if (!m.find()) {
      throw new DatasetFormatException(name + ": NPY header has no '" + key + "' entry");
    }
    return m.group(1);
  }

  /** Checks the number of dimensions; names the array and the shape otherwise. */
  public NpyArray requireDims(int dims) throws DatasetFormatException {
    if (shape.length != dims) {
      throw new DatasetFormatException(name + ": expected a " + dims + "-dimensional array, got shape "
          + Arrays.toString(shape));
    }
    return this;
  }

  /** The elements as ints; accepts int8/16/32, uint8/16, and int64/uint32 values that fit. */
  public int[] toIntArray() throws DatasetFormatException {
    int n = (int) size();
    int[] out = new int[n];
    ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    switch (descr.substring(1)) {
      case "i4" -> b.asIntBuffer().get(out);
      case "u1", "b1" -> {
        for (int i = 0; i < n; i++) {
          out[i] = Byte.toUnsignedInt(b.get(i));
        }
      }
      case "i1" -> {
        for (int i = 0; i < n; i++) {
          out[i] = b.get(i);
        }
      }
      case "i2" -> {
        for (int i = 0; i < n; i++) {
          out[i] = b.getShort(2 * i);
        }
      }
      case "u2" -> {
        for (int i = 0; i < n; i++) {
          out[i] = Short.toUnsignedInt(b.getShort(2 * i));
        }
      }
      case "i8", "u4", "u8" -> {
        boolean unsigned = descr.charAt(1) == 'u';
        for (int i = 0; i < n; i++) {
          long v = descr.endsWith("4") ? Integer.toUnsignedLong(b.getInt(4 * i)) : b.getLong(8 * i);
          if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE || (unsigned && v < 0)) {
            throw new DatasetFormatException(
                name + ": value " + v + " at index " + i + " does not fit in a 32-bit int");
          }
          out[i] = (int) v;
        }
      }
      default -> throw new DatasetFormatException(
          name + ": dtype '" + descr + "' is not an integer type, expected an int array");
    }
    return out;
  }

  /** The elements as floats; accepts float32 and float64 (rounded), and integer types. */
  public float[] toFloatArray() throws DatasetFormatException {
    int n = (int) size();
    float[] out = new float[n];
    ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    switch (descr.substring(1)) {
      case "f4" -> b.asFloatBuffer().get(out);
      case "f8" -> {
        for (int i = 0; i < n; i++) {
          out[i] = (float) b.getDouble(8 * i);
        }
      }
      default -> {
        int[] ints = toIntArray();
        for (int i = 0; i < n; i++) {
          out[i] = ints[i];
        }
      }
    }
    return out;
  }

  /** The elements as raw bytes (for uint8/bool masks). */
  public byte[] toByteArray() throws DatasetFormatException {
    if (itemSize() != 1) {
      throw new DatasetFormatException(
          name + ": dtype '" + descr + "' is not a byte type, expected uint8 or bool");
    }
    byte[] out = new byte[(int) size()];
    data.duplicate().get(out);
    return out;
  }
}
