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

  /** Width of the thumbnails frames are compared by across several frames. */
  static final int THUMB = 32;

  /** How many frames back a frame is compared with (2..LOOKBACK+1). */
  public static final int LOOKBACK = 4;

  /** The last LOOKBACK + 1 thumbnails, newest last, gain-normalised (zero mean, unit norm). */
  private final java.util.ArrayDeque<double[]> thumbs = new java.util.ArrayDeque<>();

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
    double[] thumb = thumbnail(px, f.width(), f.height());
    double[] prev = thumbs.peekLast();
    series.thumbCorrelation.add(prev == null ? Double.NaN : dot(thumb, prev));
    int k = thumbs.size(); // thumbs holds frames i-k..i-1, oldest first
    int back = 0;
    for (double[] t : thumbs) {
      int distance = k - back++;
      if (distance >= 2) {
        series.lookback[distance - 2].add(dot(thumb, t));
      }
    }
    for (int d = Math.max(2, k + 1); d <= LOOKBACK + 1; d++) {
      series.lookback[d - 2].add(Double.NaN);
    }
    thumbs.addLast(thumb);
    if (thumbs.size() > LOOKBACK + 1) {
      thumbs.removeFirst();
    }
    f.gray().copyTo(prevGray);
    prevBytes = px.clone();
    prevHist = hist;
  }

  /**
   * A THUMB-pixel-wide block average of the luma, with its mean removed and scaled to unit norm:
   * the dot product of two is their correlation, blind to a change of brightness or contrast, and
   * to texture finer than a thumbnail pixel (leaves, rain, grain, codec noise).
   */
  static double[] thumbnail(byte[] px, int w, int h) {
    int tw = Math.min(THUMB, w);
    int th = Math.max(1, Math.round((float) h * tw / w));
    double[] t = new double[tw * th];
    int[] count = new int[tw * th];
    for (int y = 0; y < h; y++) {
      int ty = Math.min(th - 1, y * th / h);
      for (int x = 0; x < w; x++) {
        int i = ty * tw + Math.min(tw - 1, x * tw / w);
        t[i] += px[y * w + x] & 0xff;
        count[i]++;
      }
    }
    double mean = 0;
    for (int i = 0; i < t.length; i++) {
      t[i] /= Math.max(1, count[i]);
      mean += t[i];
    }
    mean /= t.length;
    double norm = 0;
    for (int i = 0; i < t.length; i++) {
      t[i] -= mean;
      norm += t[i] * t[i];
    }
    norm = Math.sqrt(norm);
    for (int i = 0; i < t.length; i++) {
      t[i] = norm < 1e-9 ? 0 : t[i] / norm;
    }
    return t;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
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

    /** Thumbnail correlation with the previous frame (gain- and texture-blind); NaN at 0. */
    public final DoubleSeries thumbCorrelation = new DoubleSeries();

    /**
     * lookback[k - 2] at frame i: thumbnail correlation of frame i with frame i − k (k = 2..5), NaN
     * where there is none: whether a picture that changed has come back.
     */
    public final DoubleSeries[] lookback = {
      new DoubleSeries(), new DoubleSeries(), new DoubleSeries(), new DoubleSeries()
    };

    /** Thumbnail correlation of frame i with frame i − k, k ≥ 1; NaN outside what is kept. */
    public double correlation(int i, int k) {
      if (k == 1) {
        return thumbCorrelation.get(i);
      }
      return k - 2 < lookback.length && i >= 0 && i < frames()
          ? lookback[k - 2].get(i)
          : Double.NaN;
    }

    public int frames() {
      return lumaMean.size();
    }
  }
}
