package io.github.ibmb4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ibmb4j.data.Dataset;

/** Assertions on whole datasets. */
public final class DatasetAssertions {
  private DatasetAssertions() {}

  /** {@code actual} has the name, graph, features, labels, classes and splits of {@code expected}. */
  public static void assertSameDataset(Dataset expected, Dataset actual) {
    assertThat(actual.name()).isEqualTo(expected.name());
    assertThat(actual.graph()).isEqualTo(expected.graph());
    assertThat(actual.features()).isEqualTo(expected.features());
    assertThat(actual.labels()).isEqualTo(expected.labels());
    assertThat(actual.numClasses()).isEqualTo(expected.numClasses());
    assertThat(actual.splits()).isEqualTo(expected.splits());
  }
}
