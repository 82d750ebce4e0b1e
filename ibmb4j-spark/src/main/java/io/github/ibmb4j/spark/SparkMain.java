package io.github.ibmb4j.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;

/**
 * Entry point of the Spark jobs, for {@code spark-submit} (the application jar's main class) and for
 * {@code ./ibmb spark JOB [--master URL] [--json] options…} (local mode without a Spark installation).
 * Without {@code --master} and outside spark-submit the master is {@code local[*]}.
 *
 * <p>Exit codes as in the CLI: 0 success, 2 bad usage or bad input (one line naming the value and what
 * was expected), 1 internal error. With {@code --json} the result is one JSON object, the last line of
 * stdout; Spark's own logging goes to stderr.
 */
public final class SparkMain {
  /**
   * JVM options every executor gets unless the configuration sets its own: the Vector API (the same
   * kernels as the CLI, hence bit-identical predictions), native access, and one thread for core's
   * parallel loops, because Spark already runs one task per executor core.
   */
  static final String EXECUTOR_JAVA_OPTIONS =
      "--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dibmb.threads=1";

  private SparkMain() {}

  static List<SparkJob> jobs() {
    return List.of(new ImportJob(), new ExportJob(), new PlanJob(), new PredictJob());
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one job on its own session; returns the exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, null);
  }

  /**
   * Runs one job; returns the exit code.
   *
   * @param shared a session to run on (left running; {@code --master} is then ignored), or null for
   *     a session of the job's own, stopped at the end
   */
  static int run(String[] args, PrintStream out, PrintStream err, SparkSession shared) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      out.println(usage());
      return args.length == 0 ? 2 : 0;
    }
    SparkJob job = null;
    for (SparkJob j : jobs()) {
      if (j.name().equals(args[0])) {
        job = j;
      }
    }
    if (job == null) {
      err.println("ibmb spark: job '" + args[0] + "' is unknown, expected import, export, plan or "
          + "predict");
      return 2;
    }
    String master = null;
    boolean json = false;
    List<String> rest = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--help", "-h" -> {
          out.println(job.usage());
          return 0;
        }
        case "--json" -> json = true;
        case "--master" -> {
          if (i + 1 >= args.length) {
            err.println("ibmb spark " + job.name() + ": --master needs a value (e.g. local[2])");
            return 2;
          }
          master = args[++i];
        }
        default -> rest.add(args[i]);
      }
    }
    try {
      JobArgs a = JobArgs.parse(job.name(), rest.toArray(String[]::new), job.options(), job.flags());
      Map<String, Object> result;
      SparkSession spark = shared != null ? shared : session(master, "ibmb " + job.name());
      try {
        result = job.run(spark, a);
      } finally {
        if (shared == null) {
          spark.stop();
        }
      }
      print(out, result, json);
      return 0;
    } catch (Exception | LinkageError e) {
      String bad = badInput(e);
      if (bad != null) {
        err.println("ibmb spark " + job.name() + ": " + bad);
        return 2;
      }
      err.println("ibmb spark " + job.name() + ": internal error: " + e);
      e.printStackTrace(err);
      return 1;
    }
  }

  /** The one-line message of a bad-input failure anywhere in the cause chain, or null. */
  static String badInput(Throwable e) {
    JobInputException j = JobInputException.find(e);
    if (j != null) {
      return j.getMessage();
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof NoSuchFileException n) {
        return n.getMessage() + " does not exist";
      }
      if (c instanceof io.github.ibmb4j.data.DatasetFormatException
          || c instanceof IllegalArgumentException) {
        return c.getMessage();
      }
      if (c instanceof AnalysisException a) {
        String m = a.getMessage();
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }

  /**
   * The session: the given master, else spark-submit's, else {@code local[*]}. Executors get
   * {@link #EXECUTOR_JAVA_OPTIONS} unless the configuration sets its own. For {@code local-cluster}
   * masters the executors are separate JVMs started from {@code SPARK_HOME/jars}; they also get this
   * application's classes (its jar through {@code spark.jars}, or the class path when run from
   * classes).
   */
  static SparkSession session(String master, String appName) {
    SparkConf conf = new SparkConf();
    if (master != null) {
      conf.setMaster(master);
    } else if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    conf.setAppName(appName);
    if (!conf.contains("spark.executor.extraJavaOptions")) {
      conf.set("spark.executor.extraJavaOptions", EXECUTOR_JAVA_OPTIONS);
    }
    // The jobs ship files with SparkContext.addFile; SQL executions (table writes) of an isolated
    // session would not send them to executors
    if (!conf.contains("spark.sql.artifact.isolation.enabled")) {
      conf.set("spark.sql.artifact.isolation.enabled", "false");
    }
    if (!conf.contains("spark.ui.enabled")) {
      conf.set("spark.ui.enabled", "false");
    }
    String m = conf.get("spark.master");
    if (m.startsWith("local-cluster")) {
      String home = System.getenv("SPARK_HOME");
      if (home == null || !Path.of(home, "jars").toFile().isDirectory()
          || !Path.of(home, "RELEASE").toFile().isFile()) {
        throw new JobInputException("--master " + m + " needs the environment variable SPARK_HOME "
            + "naming a directory with jars/ (Spark's jars) and a RELEASE file; ./ibmb spark sets it");
      }
      conf.set("spark.home", home);
      Path code = codeSource();
      if (code.toString().endsWith(".jar")) {
        if (!conf.contains("spark.jars")) {
          conf.set("spark.jars", code.toString());
        }
      } else if (!conf.contains("spark.executor.extraClassPath")) {
        conf.set("spark.executor.extraClassPath", System.getProperty("java.class.path"));
      }
    }
    return SparkSession.builder().config(conf).getOrCreate();
  }

  private static Path codeSource() {
    try {
      return Path.of(SparkMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static void print(PrintStream out, Map<String, Object> result, boolean json) throws IOException {
    if (json) {
      out.println(new ObjectMapper().writeValueAsString(result));
    } else {
      for (Map.Entry<String, Object> e : result.entrySet()) {
        out.println(e.getKey() + ": " + e.getValue());
      }
    }
    out.flush();
  }

  static String usage() {
    StringBuilder s = new StringBuilder("usage: ibmb spark JOB [--master URL] [--json] [options]\n"
        + "Jobs (each takes --help):\n");
    for (SparkJob j : jobs()) {
      String u = j.usage();
      int nl = u.indexOf('\n');
      s.append("  ").append(j.name()).append(": ").append(nl > 0 ? u.substring(0, nl) : u)
          .append('\n');
    }
    return s.toString().strip();
  }

  /** A fresh insertion-ordered result map. */
  static Map<String, Object> result(String job) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("job", job);
    return m;
  }

}
