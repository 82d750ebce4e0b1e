package io.github.ibmb4j.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.github.ibmb4j.testing.DatasetAssertions.assertSameDataset;

import io.github.ibmb4j.data.BinaryDatasetFormat;
import io.github.ibmb4j.data.BinaryDatasetFormat.FeatureStorage;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.DatasetFingerprint;
import io.github.ibmb4j.data.DatasetStats;
import io.github.ibmb4j.data.Datasets;
import io.github.ibmb4j.data.FeatureProjection;
import io.github.ibmb4j.data.Features;
import io.github.ibmb4j.data.SyntheticGraphs;
import io.github.ibmb4j.model.ModelSpec;
import io.github.ibmb4j.nn.Parameter;
import io.github.ibmb4j.progress.ProgressListener;
import io.github.ibmb4j.train.TrainListener;
import io.github.ibmb4j.train.TrainOptions;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dense features left in the memory-mapped binary file serve every consumer exactly as heap features
 * do: gathered rows, statistics, cache keys, projections and training (bit-identical weights).
 */
class MappedFeaturesTest {
  @TempDir Path tmp;

  private Path writeSynthetic() throws Exception {
    Dataset d = SyntheticGraphs.generate(SyntheticGraphs.Options.ofNodes(1500).withFeatures(24),
        ProgressListener.NONE);
    Path out = tmp.resolve("syn");
    BinaryDatasetFormat.write(d, out, ProgressListener.NONE);
    return out;
  }

  @Test
  void mappedFeaturesEqualHeapFeaturesForEveryConsumer() throws Exception {
    Path dir = writeSynthetic();
    Dataset heap = BinaryDatasetFormat.read(dir, FeatureStorage.HEAP);
    Dataset mapped = BinaryDatasetFormat.read(dir, FeatureStorage.MAPPED);
    assertThat(heap.features()).isInstanceOf(Features.Dense.class);
    assertThat(mapped.features()).isInstanceOf(Features.Mapped.class);
    assertThat(((Features.Mapped) mapped.features()).toHeap()).isEqualTo(heap.features());
    // the same through Datasets.open with an explicit storage
    assertThat(Datasets.open(dir.toString(), ProgressListener.NONE, FeatureStorage.MAPPED).features())
        .isInstanceOf(Features.Mapped.class);

    SplittableRandom r = new SplittableRandom(3);
    int[] nodes = new int[700];
    for (int i = 0; i < nodes.length; i++) {
      nodes[i] = r.nextInt(1500); // repeats included
    }
    assertThat(mapped.features().gatherDense(nodes)).isEqualTo(heap.features().gatherDense(nodes));
    assertThat(DatasetStats.of(mapped, 0)).usingRecursiveComparison().isEqualTo(DatasetStats.of(heap, 0));
    // cache keys do not depend on where the features live
    assertThat(DatasetFingerprint.of(mapped)).isEqualTo(DatasetFingerprint.of(heap));
    assertThat(FeatureProjection.project(mapped, 8, 5).features())
        .isEqualTo(FeatureProjection.project(heap, 8, 5).features());
    // writing a mapped dataset again gives the same file content
    Path again = tmp.resolve("again");
    BinaryDatasetFormat.write(mapped, again, ProgressListener.NONE);
    assertSameDataset(heap, BinaryDatasetFormat.read(again, FeatureStorage.HEAP));
  }

  @Test
  void trainingOnMappedFeaturesGivesBitIdenticalWeights() throws Exception {
    Path dir = writeSynthetic();
    List<float[]> heapWeights = train(BinaryDatasetFormat.read(dir, FeatureStorage.HEAP));
    List<float[]> mappedWeights = train(BinaryDatasetFormat.read(dir, FeatureStorage.MAPPED));
    assertThat(mappedWeights).hasSameSizeAs(heapWeights);
    for (int i = 0; i < heapWeights.size(); i++) {
      assertThat(mappedWeights.get(i)).containsExactly(heapWeights.get(i));
    }
  }

  private static List<float[]> train(Dataset d) throws java.io.IOException {
    ModelOptions mo = ModelOptions.defaults(ModelSpec.Type.GCN);
    mo = new ModelOptions(mo.type(), 16, 2, mo.heads(), mo.dropout(), mo.weightDecay());
    TrainingRun.Spec spec = new TrainingRun.Spec(
        TrainingRun.Batching.of(io.github.ibmb4j.batching.IbmbNodeMethod.DEFAULTS, 0), mo, TrainOptions.reference(0).withEpochs(2), 0);
    TrainingRun.Result r = TrainingRun.run(d, spec, null, null, TrainListener.NONE,
        ProgressListener.NONE);
    return r.model().parameters().stream().map(Parameter::values).map(float[]::clone).toList();
  }

  @Test
  void storageChoiceAndBadShapes() {
    long maxHeap = Runtime.getRuntime().maxMemory();
    assertThat(FeatureStorage.HEAP.mapsDense(Long.MAX_VALUE / 8)).isFalse();
    assertThat(FeatureStorage.MAPPED.mapsDense(4)).isTrue();
    assertThat(FeatureStorage.AUTO.mapsDense(4)).isFalse();
    assertThat(FeatureStorage.AUTO.mapsDense(maxHeap / 4 + 1)).isTrue();
    // more floats than a Java array holds must stay mapped whatever the heap
    assertThat(FeatureStorage.AUTO.mapsDense(4L * Integer.MAX_VALUE)).isTrue();

    try (Arena arena = Arena.ofConfined()) {
      var seg = arena.allocate(4 * 10);
      assertThatThrownBy(() -> new Features.Mapped(seg, 3, 4))
          .hasMessageContaining("hold 40 bytes, expected 3 x 4 x 4 = 48");
      Features.Mapped ok = new Features.Mapped(seg, 5, 2);
      assertThatThrownBy(() -> ok.gatherDense(new int[] {5}))
          .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("node 5");
    }
  }
}
