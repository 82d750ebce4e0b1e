package io.github.ibmb4j.train;

import io.github.ibmb4j.files.AtomicFiles;
import io.github.ibmb4j.files.FileFormatException;
import io.github.ibmb4j.optim.Adam;
import io.github.ibmb4j.optim.EarlyStopping;
import io.github.ibmb4j.optim.ReduceLrOnPlateau;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * Everything needed to continue training exactly where it stopped: the next epoch, current and best
 * weights, optimiser moments, scheduler and early-stopping counters, the learning curve so far and the
 * elapsed time. Saved after every epoch by resumable runs; resuming from it gives the same final weights
 * as an uninterrupted run with the same seed, because every random choice is derived from
 * (seed, epoch).
 *
 * <p>File format (big-endian, {@link DataOutputStream}): magic {@code IBMBTRN1}, the fields in
 * declaration order, then a CRC32C of everything before it. Written atomically.
 *
 * @param nextEpoch the first epoch still to run
 * @param weights current parameter values (model order)
 * @param bestWeights weights of the best epoch so far, or null
 * @param optimizer Adam state
 * @param plateau scheduler state, or null when the scheduler is off
 * @param stopping early-stopping state
 * @param curve the learning curve so far
 * @param elapsedSeconds training wall-clock seconds so far
 */
public record TrainState(int nextEpoch, float[][] weights, float[][] bestWeights, Adam.State optimizer,
    ReduceLrOnPlateau.State plateau, EarlyStopping.State stopping, List<EpochRecord> curve,
    double elapsedSeconds) {
  private static final long MAGIC = 0x4942_4D42_5452_4E31L; // "IBMBTRN1"

  /** Writes the state atomically. */
  public void write(Path file) throws IOException {
    AtomicFiles.write(file, raw -> {
      CRC32C crc = new CRC32C();
      DataOutputStream out = new DataOutputStream(new CheckedOutputStream(raw, crc));
      out.writeLong(MAGIC);
      out.writeInt(nextEpoch);
      writeArrays(out, weights);
      out.writeBoolean(bestWeights != null);
      if (bestWeights != null) {
        writeArrays(out, bestWeights);
      }
      out.writeLong(optimizer.step());
      out.writeDouble(optimizer.learningRate());
      writeArrays(out, optimizer.exp());
      writeArrays(out, optimizer.expSq());
      out.writeBoolean(plateau != null);
      if (plateau != null) {
        out.writeDouble(plateau.best());
        out.writeInt(plateau.numBadEpochs());
        out.writeInt(plateau.cooldownCounter());
      }
      out.writeInt(stopping.epochs());
      out.writeDouble(stopping.bestAccuracy());
      out.writeInt(stopping.bestEpoch());
      out.writeInt(stopping.badEpochs());
      out.writeInt(curve.size());
      for (EpochRecord r : curve) {
        out.writeInt(r.epoch());
        for (double d : new double[] {r.trainLoss(), r.trainAccuracy(), r.valLoss(),
            r.valAccuracy(), r.valMacroF1(), r.trainSeconds(), r.valSeconds(), r.elapsedSeconds(),
            r.learningRate()}) {
          out.writeDouble(d);
        }
      }
      out.writeDouble(elapsedSeconds);
      out.flush();
      new DataOutputStream(raw).writeLong(crc.getValue());
    });
  }

  /**
   * Reads a state written by {@link #write}.
   *
   * @throws IOException naming the file when it is truncated, corrupt or not a training state
   */
  public static TrainState read(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    if (all.length < 16) {
      throw new FileFormatException(file + ": training state is truncated (" + all.length + " bytes)");
    }
    CRC32C crc = new CRC32C();
    crc.update(all, 0, all.length - 8);
    long stored = java.nio.ByteBuffer.wrap(all, all.length - 8, 8).getLong();
    if (stored != crc.getValue()) {
      throw new FileFormatException(file + ": training state is corrupt (checksum mismatch)");
    }
    try (InputStream raw = new BufferedInputStream(
            new java.io.ByteArrayInputStream(all, 0, all.length - 8));
        DataInputStream in = new DataInputStream(raw)) {
      if (in.readLong() != MAGIC) {
        throw new FileFormatException(file + ": not a training state (bad magic)");
      }
      int next = in.readInt();
      float[][] w = readArrays(in, file);
      float[][] best = in.readBoolean() ? readArrays(in, file) : null;
      long step = in.readLong();
      double lr = in.readDouble();
      Adam.State opt = new Adam.State(step, lr, readArrays(in, file), readArrays(in, file));
      ReduceLrOnPlateau.State pl = in.readBoolean()
          ? new ReduceLrOnPlateau.State(in.readDouble(), in.readInt(), in.readInt()) : null;
      EarlyStopping.State st = new EarlyStopping.State(in.readInt(), in.readDouble(), in.readInt(),
          in.readInt());
      int n = in.readInt();
      List<EpochRecord> curve = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        curve.add(new EpochRecord(in.readInt(), in.readDouble(), in.readDouble(), in.readDouble(),
            in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
            in.readDouble()));
      }
      double elapsed = in.readDouble();
      return new TrainState(next, w, best, opt, pl, st, curve, elapsed);
    } catch (EOFException e) {
      throw new FileFormatException(file + ": training state is truncated", e);
    }
  }

  private static void writeArrays(DataOutputStream out, float[][] a) throws IOException {
    out.writeInt(a.length);
    for (float[] x : a) {
      out.writeInt(x.length);
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * x.length);
      b.asFloatBuffer().put(x);
      out.write(b.array());
    }
  }

  private static float[][] readArrays(DataInputStream in, Path file) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 1 << 20) {
      throw new FileFormatException(file + ": training state is corrupt (implausible array count "
          + n + ")");
    }
    float[][] a = new float[n][];
    for (int i = 0; i < n; i++) {
      int len = in.readInt();
      // the stream is an in-memory copy of the file: available() is exactly what is left
      if (len < 0 || 4L * len > in.available()) {
        throw new FileFormatException(file + ": training state is corrupt (array length " + len
            + " exceeds the file)");
      }
      byte[] bytes = new byte[4 * len];
      in.readFully(bytes);
      a[i] = new float[len];
      java.nio.ByteBuffer.wrap(bytes).asFloatBuffer().get(a[i]);
    }
    return a;
  }
}
