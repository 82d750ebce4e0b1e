package io.github.ibmb4j.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ibmb4j.train.EpochRecord;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

  @Test
  void writesLearningCurvesAsPngAndSvg(@TempDir Path dir) throws Exception {
    List<EpochRecord> curve = new ArrayList<>();
    for (int e = 0; e < 30; e++) {
      curve.add(new EpochRecord(e, 2.0 / (e + 1), 0.5, 1.5 / (e + 1), 0.4 + 0.01 * e, 0.3,
          0.2, 0.05, 0.25 * (e + 1), 1e-3));
    }
    List<Path> pngs = Charts.writeLearningCurves(curve, "GCN on test", dir);
    assertThat(pngs).hasSize(2);
    for (Path p : pngs) {
      BufferedImage img = ImageIO.read(p.toFile());
      assertThat(img.getWidth()).isEqualTo(900);
      String svg = p.getFileName().toString().replace(".png", ".svg");
      assertThat(Files.readString(dir.resolve(svg))).contains("<svg");
    }
  }

  @Test
  void writesAccuracyVersusTime(@TempDir Path dir) throws Exception {
    Path png = Charts.writeAccuracyVsTime(List.of(
        new Charts.MethodPoint("ibmb-node", 0.05, 0.85),
        new Charts.MethodPoint("full", 0.4, 0.86)), "inference", dir, "inference");
    assertThat(ImageIO.read(png.toFile()).getHeight()).isEqualTo(560);
    assertThat(dir.resolve("inference.svg")).exists();
  }
}
