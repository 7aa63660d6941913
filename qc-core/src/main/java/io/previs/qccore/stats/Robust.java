package io.previs.qccore.stats;

import java.util.Arrays;

/**
 * Robust statistics over a clip's per-pair scores. Median and MAD rather than mean and standard
 * deviation, because the defects being looked for are exactly the outliers that would drag a mean.
 */
public final class Robust {

  /** Scales a MAD to the standard deviation of normally distributed data. */
  public static final double MAD_TO_SIGMA = 1.4826;

  private Robust() {}

  /** Median of the finite values; NaN when there are none. */
  public static double median(double[] xs) {
    double[] f = Arrays.stream(xs).filter(Double::isFinite).sorted().toArray();
    if (f.length == 0) {
      return Double.NaN;
    }
    int m = f.length / 2;
    return f.length % 2 == 1 ? f[m] : (f[m - 1] + f[m]) / 2;
  }

  /** Median absolute deviation from the median, scaled to a standard deviation. */
  public static double sigma(double[] xs) {
    double med = median(xs);
    double[] dev = new double[xs.length];
    for (int i = 0; i < xs.length; i++) {
      dev[i] = Math.abs(xs[i] - med);
    }
    return MAD_TO_SIGMA * median(dev);
  }

  /** The q-quantile (0..1) of the finite values by linear interpolation; NaN when none. */
  public static double quantile(double[] xs, double q) {
    double[] f = Arrays.stream(xs).filter(Double::isFinite).sorted().toArray();
    if (f.length == 0) {
      return Double.NaN;
    }
    double pos = q * (f.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(f.length - 1, lo + 1);
    return f[lo] + (pos - lo) * (f[hi] - f[lo]);
  }

  public static double max(double[] xs) {
    return Arrays.stream(xs).filter(Double::isFinite).max().orElse(Double.NaN);
  }

  public static double min(double[] xs) {
    return Arrays.stream(xs).filter(Double::isFinite).min().orElse(Double.NaN);
  }

  public static double mean(double[] xs) {
    return Arrays.stream(xs).filter(Double::isFinite).average().orElse(Double.NaN);
  }

  /** The values at the given indices set to NaN, so that statistics skip them. */
  public static double[] without(double[] xs, boolean[] skip) {
    double[] out = xs.clone();
    for (int i = 0; i < out.length && i < skip.length; i++) {
      if (skip[i]) {
        out[i] = Double.NaN;
      }
    }
    return out;
  }
}
