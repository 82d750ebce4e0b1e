package io.github.ibmb4j.partition;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.github.ibmb4j.graph.CsrGraph;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * An optional adapter that calls the native METIS 5 library ({@code METIS_PartGraphKway} in
 * {@code libmetis.so.5}, Debian package {@code libmetis5}) through {@code java.lang.foreign}, for
 * in-process comparisons with {@link MultilevelPartitioner}. Not a runtime dependency: use
 * {@link #isAvailable()} first; {@link #partition} throws {@link IllegalStateException} when the library
 * cannot be loaded. The library path is the system property {@code ibmb.libmetis}, else
 * {@code libmetis.so.5} on the loader's search path. Requires 32-bit {@code idx_t} (the Debian build).
 *
 * <p>Same graph conventions as the other partitioners (symmetric, self-loops dropped, optional node and
 * edge weights); balance via {@code ufactor = round((imbalance − 1)·1000)}, seed via
 * {@code METIS_OPTION_SEED}, so results equal {@code gpmetis -ufactor=… -seed=…}. Calls are serialised
 * (METIS' allocator is not documented as re-entrant); O(E log k) inside METIS.
 *
 * @param seed METIS seed (truncated to 32 bits)
 * @param imbalance balance tolerance ≥ 1
 */
public record LibMetisPartitioner(long seed, double imbalance) implements Partitioner {
  private static final int METIS_NOPTIONS = 40;
  private static final int METIS_OPTION_SEED = 8;
  private static final int METIS_OPTION_UFACTOR = 16;
  private static final int METIS_OK = 1;

  public LibMetisPartitioner {
    MultilevelPartitioner.Options.defaults().withImbalance(imbalance);
  }

  /** Lazily bound native entry points; {@code error} says why binding failed. */
  private static final class Native {
    static final MethodHandle SET_DEFAULT_OPTIONS;
    static final MethodHandle PART_GRAPH_KWAY;
    static final Throwable ERROR;

    static {
      MethodHandle a = null;
      MethodHandle b = null;
      Throwable err = null;
      try {
        String path = System.getProperty("ibmb.libmetis", "libmetis.so.5");
        SymbolLookup lib = SymbolLookup.libraryLookup(path, Arena.global());
        Linker linker = Linker.nativeLinker();
        a = linker.downcallHandle(lib.findOrThrow("METIS_SetDefaultOptions"),
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
        b = linker.downcallHandle(lib.findOrThrow("METIS_PartGraphKway"),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
                ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
      } catch (Throwable t) {
        err = t;
      }
      SET_DEFAULT_OPTIONS = a;
      PART_GRAPH_KWAY = b;
      ERROR = err;
    }
  }

  /** Whether the native library could be loaded and bound. */
  public static boolean isAvailable() {
    return Native.ERROR == null;
  }

  @Override
  public Partitioning partition(CsrGraph graph, int numParts, int[] nodeWeights, int[] edgeWeights) {
    WeightedGraph.checkArguments(graph, numParts, nodeWeights, edgeWeights);
    if (!isAvailable()) {
      throw new IllegalStateException("libmetis is not available: " + Native.ERROR);
    }
    WeightedGraph g = WeightedGraph.fromCsr(graph, nodeWeights, edgeWeights);
    int[] where = new int[g.n];
    if (numParts > 1) {
      synchronized (Native.class) {
        where = call(g, numParts, nodeWeights != null, edgeWeights != null);
      }
    }
    return Partitioning.of(graph, numParts, where, nodeWeights, edgeWeights);
  }

  private int[] call(WeightedGraph g, int k, boolean withNodeWeights, boolean withEdgeWeights) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment nvtxs = arena.allocateFrom(JAVA_INT, g.n);
      MemorySegment ncon = arena.allocateFrom(JAVA_INT, 1);
      MemorySegment xadj = arena.allocateFrom(JAVA_INT, g.xadj);
      // METIS reads adjncy[xadj[n]..]; never hand it a zero-length segment.
      MemorySegment adjncy = arena.allocateFrom(JAVA_INT, g.adjncy.length == 0 ? new int[1] : g.adjncy);
      MemorySegment vwgt = withNodeWeights ? arena.allocateFrom(JAVA_INT, g.vwgt) : MemorySegment.NULL;
      MemorySegment adjwgt = withEdgeWeights && g.adjwgt.length > 0
          ? arena.allocateFrom(JAVA_INT, g.adjwgt) : MemorySegment.NULL;
      MemorySegment nparts = arena.allocateFrom(JAVA_INT, k);
      MemorySegment options = arena.allocate(JAVA_INT, METIS_NOPTIONS);
      MemorySegment objval = arena.allocate(JAVA_INT);
      MemorySegment part = arena.allocate(JAVA_INT, g.n);
      int rc = (int) Native.SET_DEFAULT_OPTIONS.invokeExact(options);
      options.setAtIndex(JAVA_INT, METIS_OPTION_SEED, (int) seed);
      options.setAtIndex(JAVA_INT, METIS_OPTION_UFACTOR, (int) Math.round((imbalance - 1.0) * 1000));
      rc = (int) Native.PART_GRAPH_KWAY.invokeExact(nvtxs, ncon, xadj, adjncy, vwgt,
          MemorySegment.NULL, adjwgt, nparts, MemorySegment.NULL, MemorySegment.NULL, options, objval,
          part);
      if (rc != METIS_OK) {
        throw new IllegalStateException("METIS_PartGraphKway returned " + rc + " (expected 1 = OK)");
      }
      return part.toArray(JAVA_INT);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("calling libmetis failed", t);
    }
  }
}
