package io.github.ibmb4j.partition;

/**
 * An addressable binary max-heap of node ids keyed by an int gain; ties go to the smaller id so the
 * order is deterministic. O(log n) insert / update / remove, O(n) memory. Not thread-safe.
 */
final class GainHeap {
  private final int[] heap;
  private final int[] pos;
  private final int[] key;
  private int size;

  GainHeap(int capacity) {
    heap = new int[capacity];
    pos = new int[capacity];
    key = new int[capacity];
    java.util.Arrays.fill(pos, -1);
  }

  int size() {
    return size;
  }

  boolean contains(int v) {
    return pos[v] >= 0;
  }

  int topKey() {
    return key[heap[0]];
  }

  int top() {
    return heap[0];
  }

  void clear() {
    for (int i = 0; i < size; i++) {
      pos[heap[i]] = -1;
    }
    size = 0;
  }

  void insert(int v, int k) {
    key[v] = k;
    heap[size] = v;
    pos[v] = size;
    up(size++);
  }

  void update(int v, int k) {
    int old = key[v];
    key[v] = k;
    if (k > old) {
      up(pos[v]);
    } else if (k < old) {
      down(pos[v]);
    }
  }

  int pop() {
    int v = heap[0];
    remove(v);
    return v;
  }

  void remove(int v) {
    int i = pos[v];
    pos[v] = -1;
    size--;
    if (i == size) {
      return;
    }
    int last = heap[size];
    heap[i] = last;
    pos[last] = i;
    if (i > 0 && before(last, heap[(i - 1) >> 1])) {
      up(i);
    } else {
      down(i);
    }
  }

  private boolean before(int a, int b) {
    return key[a] > key[b] || (key[a] == key[b] && a < b);
  }

  private void up(int i) {
    int v = heap[i];
    while (i > 0) {
      int p = (i - 1) >> 1;
      int pv = heap[p];
      if (!before(v, pv)) {
        break;
      }
      heap[i] = pv;
      pos[pv] = i;
      i = p;
    }
    heap[i] = v;
    pos[v] = i;
  }

  private void down(int i) {
    int v = heap[i];
    while (true) {
      int c = 2 * i + 1;
      if (c >= size) {
        break;
      }
      if (c + 1 < size && before(heap[c + 1], heap[c])) {
        c++;
      }
      int cv = heap[c];
      if (!before(cv, v)) {
        break;
      }
      heap[i] = cv;
      pos[cv] = i;
      i = c;
    }
    heap[i] = v;
    pos[v] = i;
  }
}
