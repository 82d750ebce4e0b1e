package io.github.ibmb4j.data;

import io.github.ibmb4j.files.ContentDigest;
import io.github.ibmb4j.graph.CsrGraph;

/**
 * A fingerprint of a dataset's content (graph arrays, features, labels): SHA-256 computed in one
 * streaming pass, independent of how the features are stored (heap or memory-mapped). Batch-cache
 * keys and run records identify a dataset by it; callers compute it once per dataset. Stateless.
 */
public final class DatasetFingerprint {
  private DatasetFingerprint() {}

  /** The fingerprint of {@code d}. */
  public static byte[] of(Dataset d) {
    ContentDigest md = new ContentDigest();
    CsrGraph g = d.graph();
    md.putInt(g.numNodes()).putLongRun(g.offsets()).putInts(g.targets());
    switch (d.features()) {
      case Features.Dense dense -> md.putInt(dense.matrix().rows()).putInt(dense.matrix().cols())
          .putFloats(dense.matrix().data());
      case Features.Mapped mapped -> {
        // the same bytes as the dense case, streamed: the key does not depend on the storage
        md.putInt(mapped.numNodes()).putInt(mapped.dim());
        long count = (long) mapped.numNodes() * mapped.dim();
        md.putInt((int) count);
        float[] chunk = new float[1 << 16];
        for (long from = 0; from < count; from += chunk.length) {
          int len = (int) Math.min(chunk.length, count - from);
          mapped.copy(from, chunk, 0, len);
          md.putFloatRun(chunk, len);
        }
      }
      case Features.Sparse sp -> md.putInt(sp.matrix().rows()).putInt(sp.matrix().cols())
          .putInts(sp.matrix().rowPtr()).putInts(sp.matrix().colIdx()).putFloats(sp.matrix().values());
    }
    return md.putInts(d.labels()).digest();
  }
}
