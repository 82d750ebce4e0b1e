// Measures opening a converted binary dataset against parsing its graph.npz, in one warm JVM.
// Usage (after ./build):
//   java --enable-native-access=ALL-UNNAMED -cp ibmb4j-core/target/classes scripts/OpenBench.java \
//     ../shared/datasets/amazon-computers/graph.npz /tmp/amazon-bin 21
// where /tmp/amazon-bin was written by: ./ibmb dataset convert --dataset <npz> --out /tmp/amazon-bin
import io.github.ibmb4j.data.*;
import java.nio.file.*;

public class OpenBench {
  public static void main(String[] a) throws Exception {
    Path npz = Path.of(a[0]);
    Path bin = Path.of(a[1]);
    int reps = Integer.parseInt(a[2]);
    // warm-up both paths so the JIT state is comparable
    for (int i = 0; i < 3; i++) { GraphNpzReader.read(npz); BinaryDatasetFormat.read(bin); }
    double[] tn = new double[reps], tb = new double[reps];
    for (int i = 0; i < reps; i++) {
      long t0 = System.nanoTime(); Dataset d1 = GraphNpzReader.read(npz); tn[i] = (System.nanoTime() - t0) / 1e6;
      long t1 = System.nanoTime(); Dataset d2 = BinaryDatasetFormat.read(bin); tb[i] = (System.nanoTime() - t1) / 1e6;
      if (d1.numNodes() != d2.numNodes()) throw new AssertionError();
    }
    java.util.Arrays.sort(tn); java.util.Arrays.sort(tb);
    System.out.printf("parse graph.npz median %.1f ms (min %.1f), open binary median %.1f ms (min %.1f), ratio of medians %.1fx%n",
        tn[reps/2], tn[0], tb[reps/2], tb[0], tn[reps/2] / tb[reps/2]);
  }
}
