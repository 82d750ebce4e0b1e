package io.github.ibmb4j.experiment;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Peak memory of this process: the sum of the JVM heap pools' peak usage and, on Linux, the resident
 * set size high-water mark ({@code VmHWM} in {@code /proc/self/status}, the same quantity as
 * {@code ru_maxrss}).
 */
public final class ResourceUsage {
  private ResourceUsage() {}

  /** Sum of heap memory pools' peak usage, in bytes. */
  public static long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** Peak resident set size in bytes, or -1 where /proc is unavailable. */
  public static long peakRssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          String[] f = line.substring(6).trim().split("\\s+");
          return Long.parseLong(f[0]) * 1024L;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or /proc not mounted
    }
    return -1;
  }
}
