package io.github.ibmb4j.concurrent;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The library's one thread pool and its parallel loops.
 *
 * <p>{@code ForkJoinPool.commonPool()} has parallelism {@code nproc - 1}, i.e. one worker on a 2-core
 * machine, so the library keeps its own pool of {@link #threads()} workers (system property
 * {@code ibmb.threads}, or {@link #setThreads}; default: available processors).
 *
 * <p>Determinism: the loops hand out index ranges dynamically, so <em>which</em> thread runs a range
 * varies, but every range writes only its own outputs; callers that reduce must reduce per range and
 * combine in range order, which makes results independent of the thread count.
 */
public final class Parallel {
  private static volatile ForkJoinPool pool;
  private static volatile int threads = initialThreads();

  private Parallel() {}

  private static int initialThreads() {
    String p = System.getProperty("ibmb.threads");
    if (p != null && !p.isBlank()) {
      try {
        int t = Integer.parseInt(p.trim());
        if (t >= 1) {
          return t;
        }
      } catch (NumberFormatException e) {
        // fall through to the default; the CLI validates its own --threads
      }
    }
    return Runtime.getRuntime().availableProcessors();
  }

  /** Number of threads parallel loops use. */
  public static int threads() {
    return threads;
  }

  /** Sets the number of threads (≥ 1) used from now on. */
  public static synchronized void setThreads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("thread count is " + n + ", expected >= 1");
    }
    if (n != threads) {
      threads = n;
      ForkJoinPool old = pool;
      pool = null;
      if (old != null) {
        old.shutdown();
      }
    }
  }

  private static ForkJoinPool pool() {
    ForkJoinPool p = pool;
    if (p == null) {
      synchronized (Parallel.class) {
        p = pool;
        if (p == null) {
          p = new ForkJoinPool(Math.max(1, threads - 1), pool -> {
            var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            t.setDaemon(true);
            t.setName("ibmb-worker-" + t.getPoolIndex());
            return t;
          }, null, false);
          pool = p;
        }
      }
    }
    return p;
  }

  /**
   * Runs {@code body.accept(c)} for every chunk index c in [0, numChunks), on the caller thread plus
   * {@code threads() - 1} pool workers, chunks claimed dynamically. Returns when all are done;
   * rethrows the first exception.
   */
  public static void forEachChunk(int numChunks, IntConsumer body) {
    int t = Math.min(threads, numChunks);
    if (t <= 1) {
      for (int c = 0; c < numChunks; c++) {
        body.accept(c);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    Runnable worker = () -> {
      for (int c; (c = next.getAndIncrement()) < numChunks; ) {
        body.accept(c);
      }
    };
    ForkJoinPool p = pool();
    var futures = new java.util.ArrayList<java.util.concurrent.ForkJoinTask<?>>(t - 1);
    for (int i = 1; i < t; i++) {
      futures.add(p.submit(worker));
    }
    Throwable error = null;
    try {
      worker.run();
    } catch (Throwable e) {
      error = e;
    }
    for (var f : futures) {
      try {
        f.join();
      } catch (Throwable e) {
        if (error == null) {
          error = e;
        }
      }
    }
    if (error instanceof RuntimeException re) {
      throw re;
    }
    if (error instanceof Error er) {
      throw er;
    }
    if (error != null) {
      throw new IllegalStateException(error);
    }
  }

  /** A range [from, to) of a loop split into chunks. */
  public interface RangeBody {
    void run(int chunk, int from, int to);
  }

  /**
   * Splits [0, n) into {@code numChunks} contiguous ranges of near-equal length (independent of the
   * thread count) and runs them in parallel. Chunk boundaries depend only on n and numChunks.
   */
  public static void forRanges(int n, int numChunks, RangeBody body) {
    int chunks = Math.max(1, Math.min(numChunks, n));
    forEachChunk(chunks, c -> {
      int from = (int) ((long) n * c / chunks);
      int to = (int) ((long) n * (c + 1) / chunks);
      body.run(c, from, to);
    });
  }
}
