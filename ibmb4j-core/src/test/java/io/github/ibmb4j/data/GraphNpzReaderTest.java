package io.github.ibmb4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ibmb4j.graph.GraphOps;
import io.github.ibmb4j.testing.SharedData;
import org.junit.jupiter.api.Test;

class GraphNpzReaderTest {

  @Test
  void readsCoraWithPublicSplit() throws Exception {
    Dataset d = GraphNpzReader.read(SharedData.graphNpz("cora"));
    assertThat(d.name()).isEqualTo("cora");
    assertThat(d.numNodes()).isEqualTo(2708);
    assertThat(GraphOps.undirectedEdgeCount(d.graph())).isEqualTo(5278);
    assertThat(GraphOps.isSymmetric(d.graph())).isTrue();
    assertThat(d.features().dim()).isEqualTo(1433);
    assertThat(d.numClasses()).isEqualTo(7);
    Split s = d.split();
    assertThat(s.train()).hasSize(140);
    assertThat(s.val()).hasSize(500);
    assertThat(s.test()).hasSize(1000);
    assertThat(GraphOps.edgeHomophily(d.graph(), d.labels())).isBetween(0.80, 0.82);
  }

  @Test
  void amazonGetsDefaultStratifiedSplit() throws Exception {
    Dataset d = GraphNpzReader.read(SharedData.graphNpz("amazon-computers"));
    assertThat(d.numNodes()).isEqualTo(13752);
    assertThat(GraphOps.undirectedEdgeCount(d.graph())).isEqualTo(245861);
    Split s = d.split();
    assertThat(s.train().length + s.val().length + s.test().length).isEqualTo(13752);
    assertThat(s.train().length).isBetween(8240, 8260);
    assertThat(GraphNpzReader.read(SharedData.graphNpz("amazon-computers")).split()).isEqualTo(s);
  }

  @Test
  void tolokersHasTenSplits() throws Exception {
    Dataset d = GraphNpzReader.read(SharedData.graphNpz("tolokers"));
    assertThat(d.splits()).hasSize(10);
    assertThat(d.split().train()).hasSize(5879);
    assertThat(d.numClasses()).isEqualTo(2);
  }
}
