package io.previs.media.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.previs.media.TestFrames;
import io.previs.media.frames.BgrFrame;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ColorGradeTest {

  /** The chart seen under a warm illuminant and a stop under. */
  private static BgrFrame castAndDark(BgrFrame f, double r, double g, double b, double gain) {
    ColorFunction cast = Looks.linear(r * gain, g * gain, b * gain);
    return Lut3d.bake("cast", 33, cast).transform(Interpolation.TETRAHEDRAL).apply(f);
  }

  private static double[] meanRgb(BgrFrame f) {
    double[] m = new double[3];
    for (int y = 0; y < f.height(); y++) {
      for (int x = 0; x < f.width(); x++) {
        m[0] += f.red(x, y);
        m[1] += f.green(x, y);
        m[2] += f.blue(x, y);
      }
    }
    for (int c = 0; c < 3; c++) {
      m[c] /= (double) f.width() * f.height() * 255;
    }
    return m;
  }

  @Test
  void whiteBalanceNeutralisesAWarmCast() {
    BgrFrame chart = TestFrames.colorChart(120, 80);
    BgrFrame warm = castAndDark(chart, 1.3, 1.0, 0.7, 1.0);

    Normalisation n = Normalisation.estimate(List.of(warm), true, false);
    BgrFrame fixed = n.transform().apply(warm);

    double[] g = n.gains();
    assertThat(g[0]).isLessThan(1);
    assertThat(g[2]).isGreaterThan(1);
    // The grey patch (bottom row, third from left) goes back towards neutral.
    int x = 50;
    int y = 70;
    int castSpread = warm.red(x, y) - warm.blue(x, y);
    int fixedSpread = Math.abs(fixed.red(x, y) - fixed.blue(x, y));
    assertThat(fixedSpread).isLessThan(castSpread / 3);
  }

  @Test
  void exposureBringsTheKeyTowardsMiddleGreyWithinLimits() {
    BgrFrame chart = TestFrames.colorChart(120, 80);
    BgrFrame dark = castAndDark(chart, 1, 1, 1, 0.5);
    BgrFrame veryDark = castAndDark(chart, 1, 1, 1, 0.02);

    Normalisation n = Normalisation.estimate(List.of(dark), false, true);
    Normalisation capped = Normalisation.estimate(List.of(veryDark), false, true);

    assertThat(n.gains()[1]).isBetween(1.3, Math.pow(2, Normalisation.MAX_STOPS));
    assertThat(meanRgb(n.transform().apply(dark))[1]).isGreaterThan(meanRgb(dark)[1] * 1.2);
    assertThat(capped.gains()[1]).isCloseTo(Math.pow(2, Normalisation.MAX_STOPS), offset(1e-9));
    assertThat(Normalisation.estimate(List.of(dark), false, false).isIdentity()).isTrue();
  }

  @Test
  void shotMatchingMovesAShotTowardsTheReference() {
    BgrFrame reference = TestFrames.colorChart(120, 80);
    BgrFrame shot = castAndDark(reference, 0.8, 1.0, 1.25, 0.7);
    LabStats ref = LabStats.measure(List.of(reference), null);
    LabStats before = LabStats.measure(List.of(shot), null);

    ColorTransform match =
        Grade.compose(
                Normalisation.NONE,
                ShotMatch.function(before, ref),
                Optional.empty(),
                Interpolation.TETRAHEDRAL)
            .orElseThrow();
    LabStats after = LabStats.measure(List.of(match.apply(shot)), null);

    assertThat(distance(after, ref)).isLessThan(distance(before, ref) / 4);
  }

  @Test
  void bakedCompositeStaysWithinTwoLevelsOfTheExactFunction() {
    BgrFrame in = TestFrames.noise(128, 64, 3);
    Normalisation n = new Normalisation(new double[] {1.1, 1.0, 0.9});
    CubeLut look = CubeLut.of(Looks.lut(Look.TEAL_ORANGE));
    ColorFunction exact = n.function().then(look.asFunction(Interpolation.TETRAHEDRAL));

    BgrFrame baked =
        Grade.compose(n, null, Optional.of(look), Interpolation.TETRAHEDRAL)
            .orElseThrow()
            .apply(in);

    BgrFrame direct = new BgrFrame(in.width(), in.height());
    double[] rgb = new double[3];
    for (int y = 0; y < in.height(); y++) {
      for (int x = 0; x < in.width(); x++) {
        rgb[0] = in.red(x, y) / 255.0;
        rgb[1] = in.green(x, y) / 255.0;
        rgb[2] = in.blue(x, y) / 255.0;
        exact.map(rgb);
        direct.setRgb(x, y, q(rgb[0]), q(rgb[1]), q(rgb[2]));
      }
    }
    assertThat(TestFrames.maxAbsDiff(baked, direct)).isLessThanOrEqualTo(2);
  }

  @Test
  void nothingToDoIsNoTransform() {
    assertThat(Grade.compose(Normalisation.NONE, null, Optional.empty(), Interpolation.TRILINEAR))
        .isEmpty();
  }

  @Test
  void looksDoWhatTheirNamesSay() {
    BgrFrame grey = TestFrames.colorChart(120, 80);
    double[] in = meanRgb(grey);
    double[] night =
        meanRgb(Looks.lut(Look.COLD_NIGHT).transform(Interpolation.TETRAHEDRAL).apply(grey));
    double[] dusk =
        meanRgb(Looks.lut(Look.WARM_DUSK).transform(Interpolation.TETRAHEDRAL).apply(grey));

    assertThat(night[1]).isLessThan(in[1] * 0.85);
    assertThat(night[2] - night[0]).isGreaterThan(in[2] - in[0]);
    assertThat(dusk[0] - dusk[2]).isGreaterThan(in[0] - in[2] + 0.05);
    assertThat(Look.parse("cold-night")).isEqualTo(Look.COLD_NIGHT);
    assertThat(Look.parse("Warm Dusk")).isEqualTo(Look.WARM_DUSK);
    assertThatThrownBy(() -> Look.parse("sepia"))
        .hasMessageContaining("unknown look 'sepia'")
        .hasMessageContaining("cold-night");
  }

  @Test
  void nonZeroDomainMinIsHonoured() {
    // A 2-point LUT over -1..1 holding its own input coordinates is the identity in those units.
    String cube =
        """
        LUT_3D_SIZE 2
        DOMAIN_MIN -1 -1 -1
        DOMAIN_MAX 1 1 1
        -1 -1 -1
        1 -1 -1
        -1 1 -1
        1 1 -1
        -1 -1 1
        1 -1 1
        -1 1 1
        1 1 1
        """;
    Lut3d lut = CubeParser.parse(cube, "signed.cube").lut3d().orElseThrow();
    double[] rgb = {0.3, -0.5, 2.0};
    lut.evaluate(rgb, Interpolation.TRILINEAR);
    assertThat(rgb).containsExactly(new double[] {0.3, -0.5, 1.0}, offset(1e-6));
  }

  private static int q(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v * 255)));
  }

  private static double distance(LabStats a, LabStats b) {
    double d = 0;
    for (int c = 0; c < 3; c++) {
      d += Math.abs(a.mean()[c] - b.mean()[c]) + Math.abs(a.std()[c] - b.std()[c]);
    }
    return d;
  }
}
