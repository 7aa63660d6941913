package io.previs.qccore.stats;

import java.util.Arrays;

/**
 * Per-pair outlier thresholds for a clip's series: a value is an outlier when it clears a floor,
 * sits this many noise standard deviations above its neighbourhood's median, and is this many times
 * that median. The median is local (a window around the pair, the pair and its neighbours left out)
 * and the noise is estimated from successive differences, so a clip whose two halves differ (a cut
 * between a fast and a slow shot) does not hide the change between them.
 */
public final class Outliers {

  /** Pairs either side whose median is the local baseline. */
  static final int HALF_WINDOW = 8;

  /** σ of iid noise from the median absolute successive difference: 1 / (0.6745 · √2). */
  private static final double DIFF_TO_SIGMA = 1.0483;

  private Outliers() {}

  public static double[] thresholds(double[] xs, double floor, double sigmas, double ratio) {
    double sigma = noise(xs);
    double[] out = new double[xs.length];
    double[] window = new double[2 * HALF_WINDOW];
    for (int i = 0; i < xs.length; i++) {
      int k = 0;
      for (int j = i - HALF_WINDOW; j <= i + HALF_WINDOW; j++) {
        if (j >= 0 && j < xs.length && Math.abs(j - i) > 1 && Double.isFinite(xs[j])) {
          window[k++] = xs[j];
        }
      }
      double local = k == 0 ? Double.NaN : Robust.median(Arrays.copyOf(window, k));
      out[i] =
          Double.isFinite(local)
              ? Math.max(floor, Math.max(local + sigmas * sigma, ratio * local))
              : floor;
    }
    return out;
  }

  /** Noise standard deviation of a series from its successive differences; 0 when too short. */
  public static double noise(double[] xs) {
    double[] d = new double[xs.length];
    int k = 0;
    for (int i = 1; i < xs.length; i++) {
      if (Double.isFinite(xs[i]) && Double.isFinite(xs[i - 1])) {
        d[k++] = Math.abs(xs[i] - xs[i - 1]);
      }
    }
    return k == 0 ? 0 : DIFF_TO_SIGMA * Robust.median(Arrays.copyOf(d, k));
  }
}
