import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ibmb4j.cli.report.Charts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The docs/serving.md table and plot from scripts/bench/serving-accuracy.sh output: prints one
 * Markdown table row per candidate and mode, and writes DIR/NAME.{png,svg}: accuracy against time
 * per request of single-node requests (plus full-graph inference of the same nodes; legend: "rn" =
 * renormalised rows, "RF" = receptive-field).
 *
 * <p>Run: java -cp ibmb4j-cli/target/ibmb.jar scripts/bench/ServingPlot.java DIR NAME TITLE FILE.jsonl
 */
public class ServingPlot {
  public static void main(String[] a) throws Exception {
    Path dir = Path.of(a[0]);
    String name = a[1];
    String title = a[2];
    ObjectMapper json = new ObjectMapper();
    List<Charts.MethodPoint> points = new ArrayList<>();
    List<Double> fullTimes = new ArrayList<>();
    double fullAccuracy = 0;
    System.out.println("| candidate | request | accuracy | full graph | agreement | batch nodes / request "
        + "| s / request |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (String line : Files.readAllLines(Path.of(a[3]))) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode d = json.readTree(line);
      String mode = d.get("mode").asText();
      System.out.printf(Locale.ROOT, "| %s | %s | %.4f | %.4f | %.4f | %,d | %.4f |%n",
          d.get("candidate").asText(), mode.equals("set") ? d.get("nodes").asInt() + " nodes"
              : "1 node", d.get("accuracy").asDouble(), d.get("fullAccuracy").asDouble(),
          d.get("agreement").asDouble(), d.get("batchNodes").asLong() / d.get("requests").asLong(),
          d.get("secondsPerRequest").asDouble());
      if (mode.equals("single")) {
        // short legend labels (the table has the full names)
        String label = d.get("candidate").asText().replace("ibmb-node ", "").replace(" renormalised",
            " rn").replace(" (training batches)", " train").replace("receptive-field", "RF")
            .replace(", last hop ", " last ");
        points.add(new Charts.MethodPoint(label,
            d.get("secondsPerRequest").asDouble(), d.get("accuracy").asDouble()));
      }
      fullTimes.add(d.get("fullSeconds").asDouble());
      fullAccuracy = d.get("fullAccuracy").asDouble();
    }
    // full-graph inference ran once per command (median of its passes); the median over commands
    fullTimes.sort(null);
    double fullSeconds = fullTimes.get(fullTimes.size() / 2);
    System.out.printf(Locale.ROOT, "| full graph (median of %d commands) | any | %.4f | %.4f | 1 | all "
        + "| %.4f |%n", fullTimes.size(), fullAccuracy, fullAccuracy, fullSeconds);
    points.add(new Charts.MethodPoint("full", fullSeconds, fullAccuracy));
    System.out.println(Charts.writeAccuracyVsTime(points, title, dir, name));
  }
}
