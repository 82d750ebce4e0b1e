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
 * per request of single-node requests (plus full-graph inference of the same nodes).
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
    double fullSeconds = 0;
    double fullAccuracy = 0;
    System.out.println("| candidate | request | accuracy | full graph | agreement | s / request |");
    System.out.println("|---|---|---|---|---|---|");
    for (String line : Files.readAllLines(Path.of(a[3]))) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode d = json.readTree(line);
      String mode = d.get("mode").asText();
      System.out.printf(Locale.ROOT, "| %s | %s | %.4f | %.4f | %.4f | %.4f |%n",
          d.get("candidate").asText(), mode.equals("set") ? d.get("nodes").asInt() + " nodes"
              : "1 node", d.get("accuracy").asDouble(), d.get("fullAccuracy").asDouble(),
          d.get("agreement").asDouble(), d.get("secondsPerRequest").asDouble());
      if (mode.equals("single")) {
        points.add(new Charts.MethodPoint(d.get("candidate").asText(),
            d.get("secondsPerRequest").asDouble(), d.get("accuracy").asDouble()));
      }
      fullSeconds = d.get("fullSeconds").asDouble();
      fullAccuracy = d.get("fullAccuracy").asDouble();
    }
    System.out.printf(Locale.ROOT, "| full graph | any | %.4f | %.4f | 1 | %.4f |%n", fullAccuracy,
        fullAccuracy, fullSeconds);
    points.add(new Charts.MethodPoint("full graph", fullSeconds, fullAccuracy));
    System.out.println(Charts.writeAccuracyVsTime(points, title, dir, name));
  }
}
