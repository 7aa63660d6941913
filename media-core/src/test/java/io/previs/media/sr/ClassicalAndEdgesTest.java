package io.previs.media.sr;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.media.TestFrames;
import io.previs.media.frames.BgrFrame;
import org.junit.jupiter.api.Test;

class ClassicalAndEdgesTest {

  @Test
  void classicalUpscaleHasTheSizeAndCrisperEdgesThanPlainResampling() {
    BgrFrame in = TestFrames.disc(160, 90, 80, 45, 30, 4);

    BgrFrame plain = new Resample(320, 180).upscale(in);
    BgrFrame sharp = new ClassicalUpscaler(320, 180, 0.6).upscale(in);

    assertThat(sharp.width()).isEqualTo(320);
    assertThat(sharp.height()).isEqualTo(180);
    assertThat(edgeEnergy(sharp)).isGreaterThan(edgeEnergy(plain) * 1.1);
    // Flat background is left alone.
    assertThat(Math.abs(sharp.red(10, 10) - plain.red(10, 10))).isLessThanOrEqualTo(1);
  }

  @Test
  void antiAliasingBringsJaggedContoursTowardsTheSupersampledTruth() {
    BgrFrame aliased = TestFrames.disc(120, 90, 60.3, 44.7, 30, 1);
    BgrFrame truth = TestFrames.disc(120, 90, 60.3, 44.7, 30, 8);

    BgrFrame smoothed = new EdgeSmoother(1.0).apply(aliased);

    double before = TestFrames.meanAbsDiff(aliased, truth);
    double after = TestFrames.meanAbsDiff(smoothed, truth);
    System.out.printf(
        "anti-alias: mean |diff| to 8x supersampled truth %.3f -> %.3f%n", before, after);
    assertThat(after).isLessThan(before * 0.8);
    // Away from the contour nothing changes.
    assertThat(smoothed.red(3, 3)).isEqualTo(aliased.red(3, 3));
    assertThat(smoothed.green(60, 45)).isEqualTo(aliased.green(60, 45));
    assertThat(new EdgeSmoother(0).apply(aliased)).isSameAs(aliased);
  }

  private static double edgeEnergy(BgrFrame f) {
    double e = 0;
    for (int y = 0; y < f.height(); y++) {
      for (int x = 1; x < f.width(); x++) {
        int d = f.green(x, y) - f.green(x - 1, y);
        e += d * d;
      }
    }
    return e;
  }
}
