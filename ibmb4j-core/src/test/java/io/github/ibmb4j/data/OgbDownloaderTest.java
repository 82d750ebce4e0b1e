package io.github.ibmb4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.ibmb4j.progress.ProgressListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The downloader against a local HTTP server on 127.0.0.1 (the machines are offline). */
class OgbDownloaderTest {
  @TempDir Path tmp;
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private URI serve(byte[] body, int status) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      ex.sendResponseHeaders(status, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tiny.zip");
  }

  /** A zip of a tiny OGB directory, as OGB packs it (one top-level folder). */
  private byte[] ogbZip() throws IOException {
    Path src = NpzFixtures.ogb(tmp.resolve("src").resolve("ogbn_tiny"));
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bos); Stream<Path> files = Files.walk(src)) {
      for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
        z.putNextEntry(new ZipEntry("ogbn_tiny/" + src.relativize(p).toString().replace('\\', '/')));
        z.write(Files.readAllBytes(p));
        z.closeEntry();
      }
    }
    return bos.toByteArray();
  }

  private void assertCacheHoldsOnly(Path cache, String... names) throws IOException {
    try (Stream<Path> s = Files.list(cache)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(names);
    }
  }

  @Test
  void downloadsUnpacksAndOpens() throws Exception {
    URI url = serve(ogbZip(), 200);
    Path cache = tmp.resolve("cache");
    Path dir = OgbDownloader.download("ogbn-tiny", url, cache, Duration.ofSeconds(5),
        ProgressListener.NONE);
    assertThat(dir).isEqualTo(cache.toAbsolutePath().resolve("ogbn-tiny"));
    Dataset d = Datasets.open(dir.toString());
    assertThat(d.numNodes()).isEqualTo(5);
    assertCacheHoldsOnly(cache, "ogbn-tiny");
    // Second call: served from the cache, no request needed.
    server.stop(0);
    server = null;
    assertThat(OgbDownloader.download("ogbn-tiny", url, cache, Duration.ofSeconds(5),
        ProgressListener.NONE)).isEqualTo(dir);
  }

  @Test
  void knownNamesAreFoundInTheCache() throws Exception {
    URI url = serve(ogbZip(), 200);
    Path cache = tmp.resolve("cache");
    String before = System.getProperty("ibmb.ogb.cache");
    System.setProperty("ibmb.ogb.cache", cache.toString());
    try {
      assertThatThrownBy(() -> Datasets.open("ogbn-arxiv"))
          .isInstanceOf(java.nio.file.NoSuchFileException.class)
          .hasMessageContaining("ibmb dataset download ogbn-arxiv");
      OgbDownloader.download("ogbn-arxiv", url, cache, Duration.ofSeconds(5), ProgressListener.NONE);
      assertThat(Datasets.detect("ogbn-arxiv")).isEqualTo(Datasets.Format.OGB);
      assertThat(Datasets.open("ogbn-arxiv").numNodes()).isEqualTo(5);
    } finally {
      if (before == null) {
        System.clearProperty("ibmb.ogb.cache");
      } else {
        System.setProperty("ibmb.ogb.cache", before);
      }
    }
  }

  @Test
  void corruptArchiveLeavesNothing() throws Exception {
    byte[] zip = ogbZip();
    for (int i = 200; i < 260; i++) {
      zip[i] ^= 0x55;
    }
    URI url = serve(zip, 200);
    Path cache = tmp.resolve("cache");
    assertThatThrownBy(() -> OgbDownloader.download("ogbn-tiny", url, cache, Duration.ofSeconds(5),
        ProgressListener.NONE)).isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("corrupt");
    assertCacheHoldsOnly(cache);
  }

  @Test
  void httpErrorIsReported() throws Exception {
    URI url = serve(new byte[] {1}, 404);
    Path cache = tmp.resolve("cache");
    assertThatThrownBy(() -> OgbDownloader.download("ogbn-tiny", url, cache, Duration.ofSeconds(5),
        ProgressListener.NONE)).hasMessageContaining("HTTP status 404");
    assertCacheHoldsOnly(cache);
  }

  @Test
  void unreachableHostGivesOneLine() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    } // closed: nothing listens there any more
    URI url = URI.create("http://127.0.0.1:" + port + "/arxiv.zip");
    Path cache = tmp.resolve("cache");
    assertThatThrownBy(() -> OgbDownloader.download("ogbn-arxiv", url, cache, Duration.ofSeconds(2),
        ProgressListener.NONE)).isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot download " + url)
        .hasMessageContaining("offline?")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertCacheHoldsOnly(cache);
  }

  @Test
  void officialUrls() {
    assertThat(OgbDownloader.officialUrl("ogbn-arxiv").toString())
        .isEqualTo("http://snap.stanford.edu/ogb/data/nodeproppred/arxiv.zip");
    assertThatThrownBy(() -> OgbDownloader.officialUrl("ogbn-foo")).hasMessageContaining("unknown");
  }
}
