package io.previs.qccore.similarity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;

import java.util.Random;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class SsimTest {

  @Test
  void identicalImagesScoreOne() {
    try (Ssim ssim = new Ssim();
        Mat a = noise(1, 0)) {
      assertThat(ssim.compute(a, a)).isCloseTo(1.0, within(1e-6));
    }
  }

  @Test
  void moreDamageScoresLowerAndTheMeasureIsSymmetric() {
    try (Ssim ssim = new Ssim();
        Mat a = noise(1, 0);
        Mat light = noise(1, 10);
        Mat heavy = noise(1, 60);
        Mat other = noise(2, 0)) {
      double l = ssim.compute(a, light);
      double h = ssim.compute(a, heavy);
      assertThat(l).isLessThan(1).isGreaterThan(h);
      assertThat(h).isGreaterThan(ssim.compute(a, other));
      assertThat(ssim.compute(light, a)).isCloseTo(l, within(1e-9));
    }
  }

  /** A smooth random image (blocky noise), plus per-pixel noise of the given amplitude. */
  static Mat noise(long seed, int amplitude) {
    Random base = new Random(seed);
    Random pixel = new Random(seed * 31 + amplitude);
    int w = 96;
    int h = 64;
    int[] blocks = new int[(w / 8) * (h / 8)];
    for (int i = 0; i < blocks.length; i++) {
      blocks[i] = 30 + base.nextInt(200);
    }
    byte[] px = new byte[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int v = blocks[(y / 8) * (w / 8) + x / 8] + (int) (pixel.nextGaussian() * amplitude);
        px[y * w + x] = (byte) Math.max(0, Math.min(255, v));
      }
    }
    Mat m = new Mat(h, w, CV_8U);
    ((BytePointer) m.data()).put(px);
    return m;
  }
}
