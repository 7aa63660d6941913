package io.previs.qccore.similarity;

/** Histogram comparison shared by the frame and face-patch checks. */
public final class Histograms {

  private Histograms() {}

  /** Pearson correlation of two histograms, as OpenCV's HISTCMP_CORREL; 1 when both are flat. */
  public static double correlation(double[] a, double[] b) {
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < a.length; i++) {
      ma += a[i];
      mb += b[i];
    }
    ma /= a.length;
    mb /= b.length;
    double num = 0;
    double da = 0;
    double db = 0;
    for (int i = 0; i < a.length; i++) {
      num += (a[i] - ma) * (b[i] - mb);
      da += (a[i] - ma) * (a[i] - ma);
      db += (b[i] - mb) * (b[i] - mb);
    }
    double den = Math.sqrt(da * db);
    return den == 0 ? 1.0 : num / den;
  }
}
