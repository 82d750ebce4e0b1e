package io.github.ibmb4j.model;

import io.github.ibmb4j.files.AtomicFiles;
import io.github.ibmb4j.files.FileFormatException;
import io.github.ibmb4j.nn.Parameter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Model checkpoints in the <a href="https://github.com/huggingface/safetensors">safetensors</a> format,
 * readable by PyTorch's {@code safetensors.torch.load_file}: an 8-byte little-endian header length N, an
 * N-byte JSON header (padded with spaces to a multiple of 8) mapping every parameter name to
 * {@code {"dtype":"F32","shape":[...],"data_offsets":[begin,end]}} plus {@code "__metadata__"} with
 * {@code "format":"ibmb4j"} and {@code "model_spec"} (the {@link ModelSpec} JSON), then the raw
 * little-endian float data in parameter order.
 *
 * <p>Writing goes to a temporary file in the target directory, is fsynced and atomically renamed, so an
 * existing checkpoint is never half-overwritten. Reading validates the header, offsets, dtypes and
 * shapes; every problem is an {@link IOException} whose one-line message names the file and the
 * problem. O(#parameters) time and memory. Thread-safe (no shared state).
 */
public final class Checkpoints {
  private static final long MAX_HEADER = 100L << 20;

  private Checkpoints() {}

  /** Writes {@code model}'s spec and parameters to {@code file} atomically. */
  public static void save(GnnModel model, Path file) throws IOException {
    save(model, file, Map.of());
  }

  /**
   * Writes {@code model}'s spec and parameters plus extra string metadata (e.g. epoch, dataset, seed;
   * keys {@code format} and {@code model_spec} are reserved) to {@code file} atomically.
   */
  public static void save(GnnModel model, Path file, Map<String, String> metadata)
      throws IOException {
    StringBuilder h = new StringBuilder("{\"__metadata__\":{\"format\":\"ibmb4j\",\"model_spec\":");
    h.append(MiniJson.quote(model.spec().toJson()));
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(metadata).entrySet()) {
      if (e.getKey().equals("format") || e.getKey().equals("model_spec")) {
        throw new IllegalArgumentException("checkpoint metadata key '" + e.getKey() + "' is reserved");
      }
      h.append(',').append(MiniJson.quote(e.getKey())).append(':').append(MiniJson.quote(e.getValue()));
    }
    h.append('}');
    long offset = 0;
    for (Parameter p : model.parameters()) {
      long end = offset + 4L * p.size();
      h.append(',').append(MiniJson.quote(p.name())).append(":{\"dtype\":\"F32\",\"shape\":[");
      int[] shape = p.shape();
      for (int k = 0; k < shape.length; k++) {
        h.append(k == 0 ? "" : ",").append(shape[k]);
      }
      h.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
      offset = end;
    }
    h.append('}');
    while (h.length() % 8 != 0) {
      h.append(' ');
    }
    byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
    while (header.length % 8 != 0) { // non-ASCII names: pad the byte length
      header = Arrays.copyOf(header, header.length + 1);
      header[header.length - 1] = ' ';
    }
    byte[] headerBytes = header;
    AtomicFiles.writeChannel(file, ch -> {
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      len.putLong(headerBytes.length).flip();
      writeFully(ch, len);
      writeFully(ch, ByteBuffer.wrap(headerBytes));
      for (Parameter p : model.parameters()) {
        ByteBuffer b = ByteBuffer.allocate(4 * p.size()).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(p.values());
        writeFully(ch, b);
      }
    });
  }

  private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  /** Reads the string metadata of a checkpoint (including {@code format} and {@code model_spec}). */
  public static Map<String, String> readMetadata(Path file) throws IOException {
    return parse(file, Files.readAllBytes(file)).metadata;
  }

  /** Reads the model spec stored in a checkpoint. */
  public static ModelSpec readSpec(Path file) throws IOException {
    return parse(file, Files.readAllBytes(file)).spec;
  }

  /** Loads a checkpoint into a new model built from the stored spec. */
  public static GnnModel load(Path file) throws IOException {
    Parsed p = parse(file, Files.readAllBytes(file));
    GnnModel model = GnnModel.create(p.spec, 0L);
    p.copyInto(file, model);
    return model;
  }

  /**
   * Loads a checkpoint into {@code model}, whose spec must equal the stored one.
   *
   * @throws IOException naming the file and the mismatch
   */
  public static void loadInto(GnnModel model, Path file) throws IOException {
    Parsed p = parse(file, Files.readAllBytes(file));
    if (!p.spec.equals(model.spec())) {
      throw new FileFormatException(file + ": checkpoint model spec " + p.spec.toJson()
          + " does not match the expected " + model.spec().toJson());
    }
    p.copyInto(file, model);
  }

  private record Tensor(String name, int[] shape, long begin, long end) {}

  private record Parsed(ModelSpec spec, Map<String, String> metadata, Map<String, Tensor> tensors,
      ByteBuffer data) {
    void copyInto(Path file, GnnModel model) throws IOException {
      List<String> expected = new ArrayList<>();
      for (Parameter q : model.parameters()) {
        expected.add(q.name());
      }
      for (String name : tensors.keySet()) {
        if (!expected.contains(name)) {
          throw new FileFormatException(file + ": checkpoint has tensor '" + name
              + "' that the model does not have");
        }
      }
      for (Parameter q : model.parameters()) {
        Tensor t = tensors.get(q.name());
        if (t == null) {
          throw new FileFormatException(file + ": checkpoint lacks tensor '" + q.name() + "'");
        }
        if (!Arrays.equals(t.shape, q.shape())) {
          throw new FileFormatException(file + ": tensor '" + q.name() + "' has shape "
              + Arrays.toString(t.shape) + ", the model expects " + Arrays.toString(q.shape()));
        }
      }
      for (Parameter q : model.parameters()) {
        Tensor t = tensors.get(q.name());
        data.duplicate().order(ByteOrder.LITTLE_ENDIAN).position((int) t.begin).limit((int) t.end)
            .slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(q.values());
        float[] w = q.values();
        for (int i = 0; i < w.length; i++) {
          // a diverged or damaged model would predict garbage (NaN probabilities) without an error
          if (!Float.isFinite(w[i])) {
            throw new FileFormatException(file + ": tensor '" + q.name() + "' holds " + w[i]
                + " at index " + i + ", expected finite weights");
          }
        }
      }
    }
  }

  private static Parsed parse(Path file, byte[] bytes) throws IOException {
    if (bytes.length < 8) {
      throw new FileFormatException(file + ": not a safetensors checkpoint (file has " + bytes.length
          + " bytes, shorter than the 8-byte header length)");
    }
    long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (n < 2 || n > MAX_HEADER || 8 + n > bytes.length) {
      throw new FileFormatException(file + ": damaged or truncated checkpoint (header length " + n
          + ", file size " + bytes.length + ")");
    }
    String json = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
    Object root;
    try {
      root = MiniJson.parse(json);
    } catch (IllegalArgumentException e) {
      throw new FileFormatException(file + ": damaged checkpoint header: " + e.getMessage());
    }
    if (!(root instanceof Map<?, ?> m)) {
      throw new FileFormatException(file + ": damaged checkpoint header: not a JSON object");
    }
    ModelSpec spec = null;
    Map<String, String> metadata = new LinkedHashMap<>();
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    long dataLen = bytes.length - 8 - n;
    long covered = 0;
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String name = (String) e.getKey();
      if (name.equals("__metadata__")) {
        if (e.getValue() instanceof Map<?, ?> meta) {
          for (Map.Entry<?, ?> me : meta.entrySet()) {
            if (!(me.getValue() instanceof String str)) {
              throw new FileFormatException(file + ": damaged checkpoint header: metadata value of '"
                  + me.getKey() + "' is not a string");
            }
            metadata.put((String) me.getKey(), str);
          }
        }
        if (e.getValue() instanceof Map<?, ?> meta && meta.get("model_spec") instanceof String s) {
          try {
            spec = ModelSpec.fromJson(s);
          } catch (IllegalArgumentException ex) {
            throw new FileFormatException(file + ": invalid model spec in checkpoint: " + ex.getMessage());
          }
        }
        continue;
      }
      tensors.put(name, tensor(file, name, e.getValue(), dataLen));
      Tensor t = tensors.get(name);
      covered += t.end - t.begin;
    }
    if (spec == null) {
      throw new FileFormatException(file + ": checkpoint has no __metadata__.model_spec (not written by ibmb4j?)");
    }
    List<Tensor> bySpan = new ArrayList<>(tensors.values());
    bySpan.sort((a, b) -> Long.compare(a.begin, b.begin));
    long expectedBegin = 0;
    for (Tensor t : bySpan) {
      if (t.begin != expectedBegin) {
        throw new FileFormatException(file + ": damaged checkpoint (tensor '" + t.name + "' starts at byte "
            + t.begin + ", expected " + expectedBegin + ": tensors overlap or leave gaps)");
      }
      expectedBegin = t.end;
    }
    if (covered != dataLen) {
      throw new FileFormatException(file + ": damaged or truncated checkpoint (tensors cover " + covered
          + " bytes, data section has " + dataLen + ")");
    }
    ByteBuffer data = ByteBuffer.wrap(bytes, (int) (8 + n), (int) dataLen).slice();
    return new Parsed(spec, metadata, tensors, data);
  }

  private static Tensor tensor(Path file, String name, Object v, long dataLen) throws IOException {
    if (!(v instanceof Map<?, ?> t)) {
      throw new FileFormatException(file + ": tensor '" + name + "' has no descriptor object");
    }
    if (!"F32".equals(t.get("dtype"))) {
      throw new FileFormatException(file + ": tensor '" + name + "' has dtype " + t.get("dtype")
          + ", expected F32");
    }
    if (!(t.get("shape") instanceof List<?> shapeList)
        || !(t.get("data_offsets") instanceof List<?> offs) || offs.size() != 2) {
      throw new FileFormatException(file + ": tensor '" + name + "' lacks shape or data_offsets");
    }
    int[] shape = new int[shapeList.size()];
    long count = 1;
    for (int k = 0; k < shape.length; k++) {
      if (!(shapeList.get(k) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
        throw new FileFormatException(file + ": tensor '" + name + "' has an invalid shape " + shapeList);
      }
      shape[k] = (int) (long) d;
      count *= d;
    }
    if (!(offs.get(0) instanceof Long b) || !(offs.get(1) instanceof Long e)) {
      throw new FileFormatException(file + ": tensor '" + name + "' has invalid data_offsets " + offs);
    }
    if (b < 0 || e < b || e > dataLen) {
      throw new FileFormatException(file + ": damaged or truncated checkpoint (tensor '" + name
          + "' spans bytes " + b + ".." + e + " of a " + dataLen + "-byte data section)");
    }
    if (e - b != 4 * count) {
      throw new FileFormatException(file + ": tensor '" + name + "' has " + (e - b) + " bytes for shape "
          + Arrays.toString(shape) + ", expected " + 4 * count);
    }
    return new Tensor(name, shape, b, e);
  }
}
