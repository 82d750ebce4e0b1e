package io.github.ibmb4j.spark;

import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/** One job of {@code ibmb spark}: its options and what it does on a session; returns the result object. */
interface SparkJob {
  /** The job name on the command line. */
  String name();

  /** Usage text: a summary line, then one line per option. */
  String usage();

  /** Option names taking a value. */
  Set<String> options();

  /** Option names without a value. */
  default Set<String> flags() {
    return Set.of();
  }

  /** Runs the job; the returned map is printed (one JSON object with {@code --json}). */
  Map<String, Object> run(SparkSession spark, JobArgs args) throws Exception;
}
