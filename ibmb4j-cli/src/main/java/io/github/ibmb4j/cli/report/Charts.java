package io.github.ibmb4j.cli.report;

import io.github.ibmb4j.files.AtomicFiles;
import io.github.ibmb4j.train.EpochRecord;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The project's plots, each written as PNG and SVG (atomically): learning curves (validation accuracy
 * and loss against epoch and against wall-clock time) and the inference accuracy-vs-time comparison of
 * methods (the paper's Figure 2 kind).
 */
public final class Charts {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Charts() {}

  /** One method's point in an accuracy-vs-time plot. */
  public record MethodPoint(String label, double seconds, double accuracy) {}

  /**
   * Writes {@code learning-curve-epoch.{png,svg}} and {@code learning-curve-time.{png,svg}} into
   * {@code dir}: validation accuracy (left axis) and validation and training loss (right axis).
   *
   * @return the PNG files written
   */
  public static List<Path> writeLearningCurves(List<EpochRecord> curve, String title, Path dir)
      throws IOException {
    if (curve.isEmpty()) {
      return List.of();
    }
    // 0-based like the record, the progress lines and bestEpoch: one numbering everywhere
    double[] epoch = curve.stream().mapToDouble(EpochRecord::epoch).toArray();
    double[] time = curve.stream().mapToDouble(EpochRecord::elapsedSeconds).toArray();
    Path a = write(learningCurve(curve, epoch, "epoch (0 = first)", title), dir.resolve("learning-curve-epoch"));
    Path b = write(learningCurve(curve, time, "wall-clock time (s)", title),
        dir.resolve("learning-curve-time"));
    return List.of(a, b);
  }

  private static XYChart learningCurve(List<EpochRecord> curve, double[] x, String xLabel,
      String title) {
    XYChart c = new XYChartBuilder().width(900).height(540).title(title).xAxisTitle(xLabel)
        .yAxisTitle("validation accuracy").build();
    style(c);
    c.setYAxisGroupTitle(1, "loss");
    c.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
    double[] acc = curve.stream().mapToDouble(EpochRecord::valAccuracy).toArray();
    double[] valLoss = curve.stream().mapToDouble(EpochRecord::valLoss).toArray();
    double[] trainLoss = curve.stream().mapToDouble(EpochRecord::trainLoss).toArray();
    line(c, "validation accuracy", x, acc, new Color(0x1f77b4), 0);
    line(c, "validation loss", x, valLoss, new Color(0xd62728), 1);
    line(c, "training loss", x, trainLoss, new Color(0xff7f0e), 1)
        .setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f));
    return c;
  }

  /**
   * Writes {@code name.{png,svg}}: inference accuracy against inference time (log scale) per method.
   *
   * @return the PNG file written
   */
  public static Path writeAccuracyVsTime(List<MethodPoint> points, String title, Path dir, String name)
      throws IOException {
    double tmin = points.stream().mapToDouble(MethodPoint::seconds).min().orElse(1);
    double tmax = points.stream().mapToDouble(MethodPoint::seconds).max().orElse(1);
    // A log axis only pays when times span more than a decade (XChart labels no ticks otherwise).
    boolean log = tmin > 0 && tmax / tmin > 10;
    XYChart c = new XYChartBuilder().width(900).height(560).title(title)
        .xAxisTitle(log ? "inference time (s, log scale)" : "inference time (s)")
        .yAxisTitle("test accuracy").build();
    style(c);
    c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    c.getStyler().setXAxisLogarithmic(log);
    c.getStyler().setMarkerSize(12);
    // Pad the axes so that small differences are not magnified into the whole plot height.
    double lo = points.stream().mapToDouble(MethodPoint::accuracy).min().orElse(0);
    double hi = points.stream().mapToDouble(MethodPoint::accuracy).max().orElse(1);
    c.getStyler().setYAxisMin(Math.max(0, Math.min(lo - 0.05, hi - 0.1)));
    c.getStyler().setYAxisMax(Math.min(1, hi + 0.02));
    if (log) {
      c.getStyler().setXAxisMin(tmin / 2);
      c.getStyler().setXAxisMax(tmax * 2);
    } else {
      c.getStyler().setXAxisMin(0.0);
      c.getStyler().setXAxisMax(tmax * 1.15);
    }
    for (MethodPoint p : points) {
      XYSeries s = c.addSeries(p.label(), new double[] {p.seconds()}, new double[] {p.accuracy()});
      s.setMarker(SeriesMarkers.CIRCLE);
    }
    return write(c, dir.resolve(name));
  }

  private static void style(XYChart c) {
    Styler st = c.getStyler();
    st.setLegendPosition(Styler.LegendPosition.OutsideS);
    st.setLegendLayout(Styler.LegendLayout.Horizontal);
    st.setChartBackgroundColor(Color.WHITE);
    st.setPlotBorderVisible(false);
    st.setAntiAlias(true);
    if (st instanceof org.knowm.xchart.style.AxesChartStyler ax) {
      ax.setPlotGridLinesColor(new Color(0xe0e0e0));
      ax.setDecimalPattern("#,##0.###");
    }
  }

  private static XYSeries line(XYChart c, String name, double[] x, double[] y, Color color, int group) {
    XYSeries s = c.addSeries(name, x, sanitize(y));
    s.setMarker(SeriesMarkers.NONE);
    s.setLineColor(color);
    s.setYAxisGroup(group);
    return s;
  }

  /** XChart cannot draw NaN; a NaN (no validation in that epoch) repeats the previous value. */
  private static double[] sanitize(double[] y) {
    double[] out = y.clone();
    double last = Double.NaN;
    for (int i = 0; i < out.length; i++) {
      if (Double.isNaN(out[i])) {
        out[i] = Double.isNaN(last) ? 0 : last;
      }
      last = out[i];
    }
    return out;
  }

  private static Path write(XYChart chart, Path base) throws IOException {
    Files.createDirectories(base.toAbsolutePath().getParent());
    Path png = base.resolveSibling(base.getFileName() + ".png");
    Path svg = base.resolveSibling(base.getFileName() + ".svg");
    AtomicFiles.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    AtomicFiles.write(svg, out -> VectorGraphicsEncoder.saveVectorGraphic(chart, out,
        VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
    return png;
  }
}
