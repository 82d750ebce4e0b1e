package io.github.ibmb4j.nn;

import io.github.ibmb4j.tensor.Matrix;
import java.util.ArrayList;
import java.util.List;

/**
 * Scratch matrices shared by the layers of one model for values that live only during one pass: the
 * gradients flowing through {@code backward}, the transform-first product {@code X·Wᵀ} of a GCN
 * layer, and every intermediate of an inference forward ({@code infer}). A model's backward pass then
 * needs two or three arrays of the largest n × width shape in all (SAGE needs three), instead of
 * several per layer.
 *
 * <p>A matrix obtained from {@link #take} is <em>transient</em>: it stays valid until a later
 * {@code take} not listing it as busy hands its array out again. Layer methods that receive a
 * transient matrix as their input (an inference forward's input, a backward's output gradient) may
 * overwrite it; they never overwrite a matrix that is not backed by this workspace (callers' arrays,
 * layer outputs kept for backward).
 *
 * <p>Slots are grow-only arrays without headroom, sized by the largest request they served (as the
 * layers' own buffers). The slot a request gets depends only on the sequence of requests and busy
 * sets, so results never depend on it (kernels overwrite the stale contents). {@link #release} drops
 * every array. Not thread-safe; one workspace per model.
 */
public final class Workspace {
  private final List<float[]> slots = new ArrayList<>();

  /**
   * A rows × cols matrix over the first slot whose array backs none of {@code busy}; the slot grows to
   * rows·cols elements if it is smaller, and a new slot is added when every slot is busy. Contents
   * are stale: the caller overwrites them.
   *
   * @param busy matrices that must stay intact while the returned one is written (null entries are
   *     ignored)
   */
  public Matrix take(int rows, int cols, Matrix... busy) {
    long need = (long) rows * cols;
    if (rows < 0 || cols < 0 || need > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("workspace matrix " + rows + "x" + cols
          + " is negative or exceeds 2^31 elements");
    }
    int slot = 0;
    while (slot < slots.size() && isBusy(slots.get(slot), busy)) {
      slot++;
    }
    if (slot == slots.size()) {
      slots.add(null);
    }
    float[] a = slots.get(slot);
    if (a == null || a.length < need) {
      a = null; // let a stale array go before allocating its replacement
      slots.set(slot, null);
      a = new float[(int) need];
      slots.set(slot, a);
    }
    return Matrix.view(a, rows, cols);
  }

  /** Whether {@code m} is backed by one of this workspace's current arrays (a transient matrix). */
  public boolean owns(Matrix m) {
    if (m == null) {
      return false;
    }
    for (float[] s : slots) {
      if (s == m.data()) {
        return true;
      }
    }
    return false;
  }

  /** Drops every array (they are reallocated on demand); transient matrices handed out stay valid. */
  public void release() {
    slots.clear();
  }

  /** Bytes held by the slots. */
  public long bytes() {
    long b = 0;
    for (float[] s : slots) {
      b += s == null ? 0 : 4L * s.length;
    }
    return b;
  }

  private static boolean isBusy(float[] slot, Matrix[] busy) {
    if (slot == null) {
      return false;
    }
    for (Matrix m : busy) {
      if (m != null && m.data() == slot) {
        return true;
      }
    }
    return false;
  }
}
