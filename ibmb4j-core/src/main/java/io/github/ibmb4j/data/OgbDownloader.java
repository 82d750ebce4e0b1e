package io.github.ibmb4j.data;

import io.github.ibmb4j.files.AtomicFiles;
import io.github.ibmb4j.progress.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Downloads and unpacks an OGB node-property-prediction dataset into a cache directory, from the
 * official URL {@code http://snap.stanford.edu/ogb/data/nodeproppred/<name>.zip} (JDK
 * {@link HttpClient}).
 *
 * <p>Verification: HTTP status 200, the received byte count equals {@code Content-Length} when the
 * server sends one, and the archive is read completely with {@link ZipInputStream}, which checks every
 * entry's CRC-32 and size. No per-file checksum is checked because OGB publishes none we could pin.
 * Entries escaping the target directory are rejected. Unpacking goes to a temporary sibling directory
 * that is renamed atomically to {@code cache/<name>}; on any failure the temporary download and
 * directory are deleted. O(archive size) time, constant memory. Thread-safe for distinct names.
 */
public final class OgbDownloader {
  /** The official base URL. */
  public static final String OFFICIAL_BASE = "http://snap.stanford.edu/ogb/data/nodeproppred/";

  /** Datasets this downloader knows (name → zip file name). */
  public static final Map<String, String> KNOWN = Map.of(
      "ogbn-arxiv", "arxiv.zip",
      "ogbn-products", "products.zip",
      "ogbn-papers100M", "papers100M-bin.zip");

  private OgbDownloader() {}

  /** The official download URL of a known dataset. */
  public static URI officialUrl(String name) {
    String zip = KNOWN.get(name);
    if (zip == null) {
      throw new IllegalArgumentException("OGB dataset '" + name + "' is unknown, expected one of "
          + List.copyOf(new java.util.TreeSet<>(KNOWN.keySet())));
    }
    return URI.create(OFFICIAL_BASE + zip);
  }

  /** Downloads {@code name} from its official URL into {@code cache/<name>}; returns that directory. */
  public static Path download(String name, Path cache, ProgressListener progress)
      throws IOException {
    return download(name, officialUrl(name), cache, Duration.ofSeconds(30), progress);
  }

  /**
   * Downloads the zip at {@code url} and unpacks it to {@code cache/<name>} (returned as is if it
   * already exists).
   *
   * @throws IOException with a one-line message naming the URL when the download or the archive fails
   */
  public static Path download(String name, URI url, Path cache, Duration connectTimeout,
      ProgressListener progress) throws IOException {
    if (name.isBlank() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
      throw new IllegalArgumentException("dataset name '" + name + "' is invalid, expected a plain "
          + "name such as ogbn-arxiv");
    }
    Path target = cache.toAbsolutePath().normalize().resolve(name);
    if (Files.isDirectory(target)) {
      return target;
    }
    Files.createDirectories(cache);
    Path zip = Files.createTempFile(cache, "." + name + ".download-", ".zip");
    try {
      fetch(url, zip, connectTimeout, progress);
      AtomicFiles.createDirectory(target, dir -> unzip(zip, dir, url, progress));
      return target;
    } finally {
      Files.deleteIfExists(zip);
    }
  }

  private static void fetch(URI url, Path zip, Duration connectTimeout, ProgressListener progress)
      throws IOException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    HttpRequest req = HttpRequest.newBuilder(url).GET().build();
    HttpResponse<InputStream> resp;
    try {
      resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("download of " + url + " was interrupted", e);
    } catch (IOException e) {
      throw new IOException("cannot download " + url + ": " + describe(e)
          + " (offline? fetch the zip elsewhere, unzip it and pass --dataset DIR)", e);
    } finally {
      client.close();
    }
    if (resp.statusCode() != 200) {
      resp.body().close();
      throw new IOException("cannot download " + url + ": HTTP status " + resp.statusCode()
          + ", expected 200");
    }
    OptionalLong length = resp.headers().firstValueAsLong("Content-Length");
    progress.start("download " + url, length.orElse(-1));
    long got = 0;
    try (InputStream in = resp.body();
        OutputStream out = Files.newOutputStream(zip, StandardOpenOption.TRUNCATE_EXISTING)) {
      byte[] buf = new byte[1 << 16];
      for (int r; (r = in.read(buf)) > 0; ) {
        out.write(buf, 0, r);
        got += r;
        progress.advance(r);
      }
    } catch (IOException e) {
      throw new IOException("download of " + url + " failed after " + got + " bytes: "
          + describe(e), e);
    }
    progress.finish();
    if (length.isPresent() && got != length.getAsLong()) {
      throw new IOException("download of " + url + " is incomplete: " + got + " bytes, expected "
          + length.getAsLong());
    }
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      Throwable c = e.getCause();
      m = c != null && c.getMessage() != null ? c.getMessage() : e.getClass().getSimpleName();
    }
    return m.replace('\n', ' ');
  }

  private static void unzip(Path zip, Path dir, URI url, ProgressListener progress)
      throws IOException {
    progress.start("unpack " + zip.getFileName(), Files.size(zip));
    int entries = 0;
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      byte[] buf = new byte[1 << 16];
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        Path out = dir.resolve(e.getName()).normalize();
        if (!out.startsWith(dir)) {
          throw new DatasetFormatException(url + ": archive entry '" + e.getName()
              + "' escapes the target directory");
        }
        if (e.isDirectory()) {
          Files.createDirectories(out);
          continue;
        }
        Files.createDirectories(out.getParent());
        long size = 0;
        try (OutputStream o = Files.newOutputStream(out)) {
          for (int r; (r = in.read(buf)) > 0; ) {
            o.write(buf, 0, r);
            size += r;
          }
        }
        if (e.getSize() >= 0 && size != e.getSize()) {
          throw new DatasetFormatException(url + ": archive entry " + e.getName() + " has "
              + size + " bytes, expected " + e.getSize());
        }
        entries++;
      }
    } catch (ZipException | java.io.EOFException e) {
      throw new DatasetFormatException(url + ": downloaded archive is corrupt or truncated ("
          + describe(e) + ")", e);
    }
    progress.finish();
    if (entries == 0) {
      throw new DatasetFormatException(url + ": downloaded file is not a zip archive (no entries)");
    }
    try (Stream<Path> s = Files.walk(dir)) {
      if (s.noneMatch(p -> p.endsWith(Path.of("raw", "edge.csv.gz"))
          || p.getFileName().toString().endsWith(".npz"))) {
        throw new DatasetFormatException(url + ": archive has no raw/edge.csv.gz (not an OGB "
            + "node-property-prediction dataset)");
      }
    }
  }
}
