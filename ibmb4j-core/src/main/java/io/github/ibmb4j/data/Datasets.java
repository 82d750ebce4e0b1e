package io.github.ibmb4j.data;

import io.github.ibmb4j.progress.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Opens a dataset from the specification users type after {@code --dataset}: {@code synthetic} (or
 * {@code synthetic:nodes=N,edges=M,classes=C,features=F,homophily=h,seed=S}), a {@code graph.npz} file
 * or a directory containing one, a directory in the project's binary format, an OGB
 * node-property-prediction directory, or an edge-list text file. The format is detected from content
 * and layout (magic bytes, marker files), never from the name alone.
 */
public final class Datasets {
  private Datasets() {}

  /** The formats {@link #open} recognises. */
  public enum Format {
    /** The generated graph ({@link SyntheticGraphs}). */
    SYNTHETIC("synthetic"),
    /** The shared {@code graph.npz} layout ({@link GraphNpzReader}). */
    NPZ("npz"),
    /** The project's memory-mappable binary directory ({@link BinaryDatasetFormat}). */
    BINARY("binary"),
    /** An OGB node-property-prediction directory ({@link OgbReader}). */
    OGB("ogb"),
    /** A plain edge list ({@link EdgeListReader}). */
    EDGE_LIST("edge-list");

    private final String label;

    Format(String label) {
      this.label = label;
    }

    /** The short name shown to users. */
    public String label() {
      return label;
    }
  }

  /** Opens {@code spec} without progress reporting. */
  public static Dataset open(String spec) throws IOException {
    return open(spec, ProgressListener.NONE);
  }

  /**
   * Opens {@code spec}.
   *
   * @throws NoSuchFileException if the path does not exist
   * @throws DatasetFormatException if it exists but is not a readable dataset
   * @throws IllegalArgumentException if a synthetic specification is invalid
   */
  public static Dataset open(String spec, ProgressListener progress) throws IOException {
    return open(spec, progress, BinaryDatasetFormat.FeatureStorage.AUTO);
  }

  /**
   * Opens {@code spec}; a binary dataset keeps its dense features as {@code storage} says (other
   * formats are parsed into heap arrays).
   *
   * @throws NoSuchFileException if the path does not exist
   * @throws DatasetFormatException if it exists but is not a readable dataset
   * @throws IllegalArgumentException if a synthetic specification is invalid
   */
  public static Dataset open(String spec, ProgressListener progress,
      BinaryDatasetFormat.FeatureStorage storage) throws IOException {
    Format f = detect(spec);
    Path p = f == Format.SYNTHETIC ? null : Path.of(spec);
    if (f == Format.OGB && !Files.exists(p)) {
      p = ogbCache().resolve(spec); // a known OGB name, downloaded with 'ibmb dataset download'
    }
    Dataset d = switch (f) {
      case SYNTHETIC -> SyntheticGraphs.generate(parseSynthetic(spec), progress);
      case NPZ -> GraphNpzReader.read(Files.isDirectory(p) ? p.resolve("graph.npz") : p);
      case BINARY -> BinaryDatasetFormat.read(p, storage);
      case OGB -> OgbReader.read(p, progress);
      case EDGE_LIST -> EdgeListReader.read(p);
    };
    if (f != Format.SYNTHETIC) { // the generator's output is valid by construction
      progress.start("validate dataset", -1);
      DatasetChecks.validate(d, spec);
      progress.finish();
    }
    return d;
  }

  /**
   * The format of {@code spec}, detected from content and layout.
   *
   * @throws NoSuchFileException if the path does not exist
   * @throws DatasetFormatException if nothing matches
   */
  public static Format detect(String spec) throws IOException {
    if (spec.equals("synthetic") || spec.startsWith("synthetic:")) {
      return Format.SYNTHETIC;
    }
    if (OgbDownloader.KNOWN.containsKey(spec) && !Files.exists(Path.of(spec))
        && OgbReader.isOgbDirectory(ogbCache().resolve(spec))) {
      return Format.OGB;
    }
    Path p = Path.of(spec);
    if (!Files.exists(p) && OgbDownloader.KNOWN.containsKey(spec)) {
      throw new NoSuchFileException(spec, null, "OGB dataset not found locally; run 'ibmb dataset "
          + "download " + spec + "' and pass --dataset " + ogbCache().resolve(spec));
    }
    if (!Files.exists(p)) {
      throw new NoSuchFileException(spec);
    }
    if (Files.isDirectory(p)) {
      if (Files.isRegularFile(p.resolve(BinaryDatasetFormat.FILE_NAME))) {
        return Format.BINARY;
      }
      if (Files.isRegularFile(p.resolve("graph.npz"))) {
        return Format.NPZ;
      }
      if (OgbReader.isOgbDirectory(p)) {
        return Format.OGB;
      }
      throw new DatasetFormatException(spec + ": directory is not a recognised dataset (expected "
          + BinaryDatasetFormat.FILE_NAME + ", graph.npz, or an OGB layout with raw/edge.csv.gz)");
    }
    byte[] head = new byte[8];
    int len;
    try (InputStream in = Files.newInputStream(p)) {
      len = in.readNBytes(head, 0, 8);
    }
    if (len >= 4 && head[0] == 'P' && head[1] == 'K') {
      return Format.NPZ;
    }
    if (len >= 6 && (head[0] & 0xff) == 0x93 && head[1] == 'N') {
      throw new DatasetFormatException(spec + ": a single .npy array is not a dataset (expected a "
          + "graph.npz archive, or an edge list with --features pointing at the .npy)");
    }
    if (len >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      throw new DatasetFormatException(spec + ": a gzip file is not a dataset by itself (expected "
          + "the OGB directory that contains raw/edge.csv.gz)");
    }
    if (len >= 8 && BinaryDatasetFormat.hasMagic(head)) {
      return Format.BINARY;
    }
    if (EdgeListReader.looksLikeEdgeList(p)) {
      return Format.EDGE_LIST;
    }
    throw new DatasetFormatException(spec + ": not a recognised dataset (expected synthetic, a "
        + "graph.npz file or directory, a binary dataset directory, an OGB directory or an edge list)");
  }

  /** The OGB cache directory: system property {@code ibmb.ogb.cache}, default {@code data/ogb}. */
  public static Path ogbCache() {
    return Path.of(System.getProperty("ibmb.ogb.cache", "data/ogb"));
  }

  /** Parses {@code synthetic[:key=value,...]} into generator options. */
  public static SyntheticGraphs.Options parseSynthetic(String spec) {
    SyntheticGraphs.Options o = SyntheticGraphs.Options.defaults();
    if (spec.equals("synthetic")) {
      return o;
    }
    String rest = spec.substring("synthetic:".length());
    boolean edgesGiven = false;
    long edges = o.edges();
    Integer nodes = null;
    for (String kv : rest.split(",")) {
      if (kv.isBlank()) {
        continue;
      }
      int eq = kv.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("synthetic option '" + kv + "' has no value, expected "
            + "key=value (keys: nodes, edges, classes, features, homophily, seed)");
      }
      String k = kv.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String v = kv.substring(eq + 1).trim();
      try {
        switch (k) {
          case "nodes" -> nodes = Integer.parseInt(v);
          case "edges" -> {
            edges = Long.parseLong(v);
            edgesGiven = true;
          }
          case "classes" -> o = o.withClasses(Integer.parseInt(v));
          case "features" -> o = o.withFeatures(Integer.parseInt(v));
          case "homophily" -> o = o.withHomophily(Double.parseDouble(v));
          case "seed" -> o = o.withSeed(Long.parseLong(v));
          default -> throw new IllegalArgumentException("synthetic option '" + k
              + "' is unknown, expected nodes, edges, classes, features, homophily or seed");
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "synthetic option " + k + "='" + v + "' is not a number", e);
      }
    }
    if (nodes != null) {
      long e = edgesGiven ? edges : Math.min(SyntheticGraphs.Options.ofNodes(nodes).edges(),
          Math.max(1, (long) nodes * (nodes - 1) / 4));
      o = new SyntheticGraphs.Options(nodes, e, o.classes(), o.features(), o.homophily(), o.gamma(),
          o.classSkew(), o.twinFraction(), o.meanScale(), o.seed());
    }
    if (nodes == null && edgesGiven) {
      o = o.withEdges(edges);
    }
    return o;
  }
}
