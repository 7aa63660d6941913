package io.previs.qccore.similarity;

import io.previs.qccore.stats.DoubleSeries;
import io.previs.qccore.video.AnalysisFrame;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Per-frame luma statistics and per-pair similarity (SSIM, histogram correlation, mean absolute
 * difference) at the analysis width. Pair values sit at the index of the later frame; index 0 is
 * NaN. Keeps one previous frame, nothing more.
 */
public final class SimilarityAnalyzer implements AutoCloseable {

  static final int BINS = 64;

  /** A blank frame's pixels lie within this many levels of its mean. */
  static final int UNIFORM_LEVELS = 8;

  private final int blackPixelLevel;
  private final Ssim ssim = new Ssim();
  private final Mat prevGray = new Mat();
  private byte[] prevBytes;
  private double[] prevHist;
  private final SimilaritySeries series = new SimilaritySeries();

  /**
   * @param blackPixelLevel luma at or below which a pixel counts as black
   */
  public SimilarityAnalyzer(int blackPixelLevel) {
    this.blackPixelLevel = blackPixelLevel;
  }

  public void accept(AnalysisFrame f) {
    accept(f, List.of());
  }

  /**
   * @param exclude boxes {x0, y0, x1, y1} in analysis pixels (tracked heads): the pair's mean
   *     absolute difference is also measured outside them, which tells a face event from a cut
   */
  public void accept(AnalysisFrame f, List<int[]> exclude) {
    byte[] px = f.grayBytes();
    double[] hist = new double[BINS];
    long sum = 0;
    long sumSq = 0;
    int dark = 0;
    for (byte b : px) {
      int v = b & 0xff;
      sum += v;
      sumSq += (long) v * v;
      hist[v >> 2]++;
      if (v <= blackPixelLevel) {
        dark++;
      }
    }
    int n = px.length;
    double mean = (double) sum / n;
    int uniform = 0;
    for (byte b : px) {
      if (Math.abs((b & 0xff) - mean) <= UNIFORM_LEVELS) {
        uniform++;
      }
    }
    series.uniformFraction.add((double) uniform / n);
    series.lumaMean.add(mean);
    series.lumaStd.add(Math.sqrt(Math.max(0, (double) sumSq / n - mean * mean)));
    series.darkFraction.add((double) dark / n);
    for (int q = 0; q < 4; q++) {
      double[] bgr = f.quadrantBgr(q);
      series.redBalance[q].add(bgr[2] - bgr[1]);
      series.blueBalance[q].add(bgr[0] - bgr[1]);
    }
    if (prevBytes == null) {
      series.ssim.add(Double.NaN);
      series.histCorrelation.add(Double.NaN);
      series.meanAbsDiff.add(Double.NaN);
      series.backgroundDiff.add(Double.NaN);
    } else {
      long diff = 0;
      for (int i = 0; i < n; i++) {
        diff += Math.abs((px[i] & 0xff) - (prevBytes[i] & 0xff));
      }
      series.meanAbsDiff.add((double) diff / n);
      series.backgroundDiff.add(
          exclude.isEmpty() ? (double) diff / n : outside(px, prevBytes, f.width(), exclude));
      series.histCorrelation.add(Histograms.correlation(prevHist, hist));
      series.ssim.add(ssim.compute(prevGray, f.gray()));
    }
    f.gray().copyTo(prevGray);
    prevBytes = px.clone();
    prevHist = hist;
  }

  /** Mean absolute difference over pixels outside every box; NaN when they cover nearly all. */
  private static double outside(byte[] a, byte[] b, int w, List<int[]> boxes) {
    int h = a.length / w;
    boolean[] covered = new boolean[a.length];
    for (int[] box : boxes) {
      for (int y = Math.max(0, box[1]); y < Math.min(h, box[3]); y++) {
        java.util.Arrays.fill(
            covered, y * w + Math.max(0, box[0]), y * w + Math.min(w, box[2]), true);
      }
    }
    long diff = 0;
    int count = 0;
    for (int i = 0; i < a.length; i++) {
      if (!covered[i]) {
        diff += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
        count++;
      }
    }
    return count < a.length / 10 ? Double.NaN : (double) diff / count;
  }

  public SimilaritySeries series() {
    return series;
  }

  @Override
  public void close() {
    ssim.close();
    prevGray.close();
  }

  /** The raw per-frame and per-pair values; finders and the report read them. */
  public static final class SimilaritySeries {
    public final DoubleSeries lumaMean = new DoubleSeries();
    public final DoubleSeries lumaStd = new DoubleSeries();
    public final DoubleSeries darkFraction = new DoubleSeries();
    public final DoubleSeries uniformFraction = new DoubleSeries();

    /** Per quadrant, mean red minus mean green (colour balance), levels. */
    public final DoubleSeries[] redBalance = quadrants();

    /** Per quadrant, mean blue minus mean green, levels. */
    public final DoubleSeries[] blueBalance = quadrants();

    private static DoubleSeries[] quadrants() {
      return new DoubleSeries[] {
        new DoubleSeries(), new DoubleSeries(), new DoubleSeries(), new DoubleSeries()
      };
    }

    public final DoubleSeries ssim = new DoubleSeries();
    public final DoubleSeries histCorrelation = new DoubleSeries();
    public final DoubleSeries meanAbsDiff = new DoubleSeries();

    /** Mean absolute difference outside tracked heads (equal to meanAbsDiff without faces). */
    public final DoubleSeries backgroundDiff = new DoubleSeries();

    public int frames() {
      return lumaMean.size();
    }
  }
}
