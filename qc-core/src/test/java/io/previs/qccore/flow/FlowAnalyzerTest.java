package io.previs.qccore.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.previs.qccore.video.FramePreparer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FlowAnalyzerTest {

  static final int W = 256;
  static final int H = 160;

  /** A smooth random texture sampled with an offset: a camera panning by (dx, dy) pixels. */
  static byte[] frame(double dx, double dy, double gain) {
    Random rnd = new Random(3);
    double[][] waves = new double[12][4];
    for (double[] w : waves) {
      w[0] = rnd.nextDouble() * 0.25;
      w[1] = rnd.nextDouble() * 0.25;
      w[2] = rnd.nextDouble() * 6.28;
      w[3] = 10 + rnd.nextDouble() * 15;
    }
    byte[] rgb = new byte[W * H * 3];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        double v = 110;
        for (double[] w : waves) {
          v += w[3] * Math.sin(w[0] * (x + dx) + w[1] * (y + dy) + w[2]);
        }
        byte b = (byte) Math.max(0, Math.min(255, Math.round(v * gain)));
        rgb[3 * (y * W + x)] = b;
        rgb[3 * (y * W + x) + 1] = b;
        rgb[3 * (y * W + x) + 2] = b;
      }
    }
    return rgb;
  }

  @Test
  void aPanIsMeasuredAsMotionThatExplainsTheNextFrame() {
    try (FramePreparer prep = new FramePreparer(W, H, W, W);
        FlowAnalyzer flow = new FlowAnalyzer()) {
      for (int t = 0; t < 4; t++) {
        flow.accept(prep.prepareRgb(W, H, frame(2.0 * t, 1.0 * t, 1)));
      }
      var s = flow.series();
      // content moving left by 2 px per frame: flow of −2 px = −0.78 % of 256 px
      assertThat(s.panX.get(3)).isCloseTo(-2 * 100.0 / W, within(0.15));
      assertThat(s.panY.get(3)).isCloseTo(-1 * 100.0 / W, within(0.15));
      assertThat(s.warpError.get(3)).isLessThan(2);
      assertThat(s.directionCosine.get(3)).isGreaterThan(0.9);
      assertThat(s.jitter.get(3)).isLessThan(0.2);
      assertThat(s.zoom.get(3)).isCloseTo(0, within(0.005));
    }
  }

  @Test
  void aBrightnessChangeIsSeparatedFromTheWarpError() {
    try (FramePreparer prep = new FramePreparer(W, H, W, W);
        FlowAnalyzer flow = new FlowAnalyzer()) {
      flow.accept(prep.prepareRgb(W, H, frame(0, 0, 1)));
      flow.accept(prep.prepareRgb(W, H, frame(1, 0, 1.12)));
      var s = flow.series();
      assertThat(s.brightnessChange.get(1)).isGreaterThan(8);
      assertThat(s.warpError.get(1)).isLessThan(3);
    }
  }

  @Test
  void motionReversingFlipsTheFieldDirection() {
    try (FramePreparer prep = new FramePreparer(W, H, W, W);
        FlowAnalyzer flow = new FlowAnalyzer()) {
      double[] xs = {0, 3, 6, 3, 0};
      for (double x : xs) {
        flow.accept(prep.prepareRgb(W, H, frame(x, 0, 1)));
      }
      assertThat(flow.series().directionCosine.get(3)).isLessThan(-0.8);
      assertThat(flow.series().directionCosine.get(4)).isGreaterThan(0.8);
    }
  }

  @Test
  void topMeanIsTheMeanOfTheLargestValues() {
    float[] v = new float[100];
    for (int i = 0; i < v.length; i++) {
      v[i] = (i + 1) / 10f;
    }
    assertThat(FlowAnalyzer.topMean(v, v.length, 0.05)).isCloseTo(9.8, within(0.02));
  }
}
