package io.previs.media.color;

import io.previs.media.frames.BgrFrame;
import java.util.List;

/**
 * Mean and standard deviation of L*, a*, b* over a shot: the statistics Reinhard et al. (2001)
 * match to move one image's colour towards another's.
 */
public record LabStats(double[] mean, double[] std, long samples) {

  public LabStats {
    mean = mean.clone();
    std = std.clone();
  }

  @Override
  public double[] mean() {
    return mean.clone();
  }

  @Override
  public double[] std() {
    return std.clone();
  }

  /**
   * Measures frames (every 4th pixel per axis) after {@code pre}, the shot's own normalisation
   * (null for none).
   */
  public static LabStats measure(List<BgrFrame> frames, ColorTransform pre) {
    double[] lin = new double[256];
    for (int v = 0; v < 256; v++) {
      lin[v] = ColorMath.toLinear(v / 255.0);
    }
    double[] sum = new double[3];
    double[] sq = new double[3];
    long n = 0;
    double[] v = new double[3];
    int step = Normalisation.SAMPLE_STEP;
    for (BgrFrame raw : frames) {
      BgrFrame f = pre == null ? raw : pre.apply(raw);
      byte[] d = f.data();
      for (int y = 0; y < f.height(); y += step) {
        for (int x = 0; x < f.width(); x += step) {
          int i = 3 * (y * f.width() + x);
          v[0] = lin[d[i + 2] & 0xff];
          v[1] = lin[d[i + 1] & 0xff];
          v[2] = lin[d[i] & 0xff];
          ColorMath.linearToLab(v);
          for (int c = 0; c < 3; c++) {
            sum[c] += v[c];
            sq[c] += v[c] * v[c];
          }
          n++;
        }
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException("no frames to measure");
    }
    double[] mean = new double[3];
    double[] std = new double[3];
    for (int c = 0; c < 3; c++) {
      mean[c] = sum[c] / n;
      std[c] = Math.sqrt(Math.max(0, sq[c] / n - mean[c] * mean[c]));
    }
    return new LabStats(mean, std, n);
  }
}
