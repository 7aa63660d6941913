package io.previs.qccore.flow;

import io.previs.qccore.stats.DoubleSeries;
import io.previs.qccore.video.AnalysisFrame;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_video.DISOpticalFlow;

/**
 * Dense optical flow (DIS, Kroeger et al. 2016) between consecutive frames at the flow width, and
 * what each pair's field says: how much moves, how well the motion explains the next frame (warp
 * error), how the field changed since the previous pair (jitter, direction), and the camera-like
 * part of the motion (a least-squares similarity transform). Keeps one previous frame and field.
 *
 * <p>Lengths are in percent of the frame width, so thresholds do not depend on resolution.
 */
public final class FlowAnalyzer implements AutoCloseable {

  private final DISOpticalFlow dis;
  private final Mat prevGray = new Mat();
  private final Mat flowMat = new Mat();
  private byte[] prevBytes;
  private float[] flow = new float[0];
  private float[] prevFlow;
  private float[] magnitudes = new float[0];
  private float[] warpedPrev = new float[0];
  private float[] warpedNext = new float[0];
  private final FlowSeries series = new FlowSeries();

  public FlowAnalyzer() {
    dis = DISOpticalFlow.create(DISOpticalFlow.PRESET_FAST);
  }

  public void accept(AnalysisFrame f) {
    if (prevBytes == null) {
      series.addEmpty();
    } else {
      dis.calc(prevGray, f.flowGray(), flowMat);
      int n = f.flowWidth() * f.flowHeight() * 2;
      if (flow.length != n) {
        flow = new float[n];
      }
      new FloatPointer(flowMat.data()).get(flow);
      measure(f.flowWidth(), f.flowHeight(), prevBytes, f.flowBytes());
      float[] t = prevFlow == null || prevFlow.length != n ? new float[n] : prevFlow;
      prevFlow = flow;
      flow = t;
    }
    f.flowGray().copyTo(prevGray);
    prevBytes = f.flowBytes().clone();
  }

  private void measure(int w, int h, byte[] prev, byte[] next) {
    double toPct = 100.0 / w;
    int n = w * h;
    if (magnitudes.length != n) {
      magnitudes = new float[n];
      warpedPrev = new float[n];
      warpedNext = new float[n];
    }
    double sumMag = 0;
    int warpCount = 0;
    double sumJitter = 0;
    double dot = 0;
    double normA = 0;
    double normB = 0;
    double sumFx = 0;
    double sumFy = 0;
    double zoomNum = 0;
    double rotNum = 0;
    double radial = 0;
    double cx = (w - 1) / 2.0;
    double cy = (h - 1) / 2.0;
    boolean hasPrev = prevFlow != null && prevFlow.length == flow.length;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = y * w + x;
        float fx = flow[2 * p];
        float fy = flow[2 * p + 1];
        float m = (float) Math.sqrt(fx * fx + fy * fy);
        magnitudes[p] = m;
        sumMag += m;
        sumFx += fx;
        sumFy += fy;
        double px = x - cx;
        double py = y - cy;
        zoomNum += fx * px + fy * py;
        rotNum += fy * px - fx * py;
        radial += px * px + py * py;
        // prev(x) ≈ next(x + f(x)): sample next there and compare with prev
        float sx = x + fx;
        float sy = y + fy;
        if (sx >= 0 && sy >= 0 && sx <= w - 1 && sy <= h - 1) {
          warpedPrev[warpCount] = prev[p] & 0xff;
          warpedNext[warpCount] = (float) bilinear(next, w, h, sx, sy);
          warpCount++;
        }
        if (hasPrev) {
          float gx = prevFlow[2 * p];
          float gy = prevFlow[2 * p + 1];
          float dx = fx - gx;
          float dy = fy - gy;
          sumJitter += Math.sqrt(dx * dx + dy * dy);
          dot += fx * gx + fy * gy;
          normA += fx * fx + fy * fy;
          normB += gx * gx + gy * gy;
        }
      }
    }
    series.magnitude.add(sumMag / n * toPct);
    series.topMagnitude.add(topMean(magnitudes, n, 0.05) * toPct);
    photometric(warpCount);
    series.jitter.add(hasPrev ? sumJitter / n * toPct : Double.NaN);
    series.directionCosine.add(
        hasPrev && normA > 0 && normB > 0 ? dot / Math.sqrt(normA * normB) : Double.NaN);
    series.panX.add(sumFx / n * toPct);
    series.panY.add(sumFy / n * toPct);
    series.zoom.add(zoomNum / radial);
    series.rotation.add(rotNum / radial);
  }

  /**
   * Fits next ≈ a·prev + b over the motion-compensated pixels: the brightness change motion does
   * not explain (flicker's signal). The residual after the fit is the warp error, so a global
   * brightness change does not count twice. The fit is refitted once without the pixels it explains
   * worst (a face appearing, an object occluding), so a local change does not tilt the fit and
   * raise the residual everywhere.
   */
  private void photometric(int n) {
    if (n < 16) {
      series.warpError.add(Double.NaN);
      series.brightnessChange.add(Double.NaN);
      return;
    }
    double[] fit = fit(n, Double.POSITIVE_INFINITY, 1, 0);
    int[] hist = new int[256];
    for (int i = 0; i < n; i++) {
      hist[(int) Math.min(255, Math.abs(warpedNext[i] - (fit[0] * warpedPrev[i] + fit[1])))]++;
    }
    int median = 0;
    for (int seen = 0; seen + hist[median] < n / 2; median++) {
      seen += hist[median];
    }
    fit = fit(n, Math.max(4, 3 * (median + 0.5)), fit[0], fit[1]);
    double a = fit[0];
    double b = fit[1];
    double residual = 0;
    for (int i = 0; i < n; i++) {
      residual += Math.abs(warpedNext[i] - (a * warpedPrev[i] + b));
    }
    series.warpError.add(residual / n);
    series.brightnessChange.add(fit[2]);
  }

  /**
   * Least-squares gain and offset over pixels whose residual under (a0, b0) is within {@code
   * limit}: {a, b, mean brightness change of those pixels}.
   */
  private double[] fit(int n, double limit, double a0, double b0) {
    double sp = 0;
    double sn = 0;
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (Math.abs(warpedNext[i] - (a0 * warpedPrev[i] + b0)) <= limit) {
        sp += warpedPrev[i];
        sn += warpedNext[i];
        m++;
      }
    }
    if (m < 16) {
      return new double[] {a0, b0, 0};
    }
    double mp = sp / m;
    double mn = sn / m;
    double cov = 0;
    double var = 0;
    for (int i = 0; i < n; i++) {
      if (Math.abs(warpedNext[i] - (a0 * warpedPrev[i] + b0)) <= limit) {
        double dp = warpedPrev[i] - mp;
        cov += dp * (warpedNext[i] - mn);
        var += dp * dp;
      }
    }
    double a = var > m ? Math.max(0.5, Math.min(2, cov / var)) : 1;
    return new double[] {a, mn - a * mp, mn - mp};
  }

  private static double bilinear(byte[] img, int w, int h, float x, float y) {
    int x0 = (int) x;
    int y0 = (int) y;
    int x1 = Math.min(x0 + 1, w - 1);
    int y1 = Math.min(y0 + 1, h - 1);
    float ax = x - x0;
    float ay = y - y0;
    double top = (img[y0 * w + x0] & 0xff) * (1 - ax) + (img[y0 * w + x1] & 0xff) * ax;
    double bottom = (img[y1 * w + x0] & 0xff) * (1 - ax) + (img[y1 * w + x1] & 0xff) * ax;
    return top * (1 - ay) + bottom * ay;
  }

  /**
   * Mean of the largest {@code fraction} of the first n values (VBench's dynamic-degree input).
   * Bins the values (1/64 px wide, up to 64 px) rather than sorting them: linear time, and exact to
   * a bin's width, which is far below any threshold on it.
   */
  static double topMean(float[] values, int n, double fraction) {
    int k = Math.max(1, (int) Math.round(n * fraction));
    int bins = 64 * 64;
    int[] count = new int[bins + 1];
    double[] sum = new double[bins + 1];
    for (int i = 0; i < n; i++) {
      int b = Math.min(bins, (int) (values[i] * 64));
      count[b]++;
      sum[b] += values[i];
    }
    double total = 0;
    int taken = 0;
    for (int b = bins; b >= 0 && taken < k; b--) {
      if (count[b] == 0) {
        continue;
      }
      int use = Math.min(count[b], k - taken);
      total += sum[b] / count[b] * use;
      taken += use;
    }
    return total / k;
  }

  /**
   * The camera-like motion of the latest pair, scaled to a frame {@code width}×{@code height}
   * pixels; no motion before the second frame.
   */
  public CameraMotion lastMotion(int width, int height) {
    int i = series.panX.size() - 1;
    double cx = (width - 1) / 2.0;
    double cy = (height - 1) / 2.0;
    double px = series.panX.get(i);
    if (!Double.isFinite(px)) {
      return CameraMotion.none(cx, cy);
    }
    double scale = width / 100.0;
    return new CameraMotion(
        px * scale, series.panY.get(i) * scale, series.zoom.get(i), series.rotation.get(i), cx, cy);
  }

  public FlowSeries series() {
    return series;
  }

  @Override
  public void close() {
    dis.close();
    prevGray.close();
    flowMat.close();
  }

  /** Per-pair values at the index of the later frame; index 0 is NaN. */
  public static final class FlowSeries {
    /** Mean flow magnitude, % of width per frame. */
    public final DoubleSeries magnitude = new DoubleSeries();

    /** Mean of the largest 5 % of magnitudes, % of width per frame. */
    public final DoubleSeries topMagnitude = new DoubleSeries();

    /**
     * Mean absolute luma residual after motion compensation and a global gain/offset fit, 0..255.
     */
    public final DoubleSeries warpError = new DoubleSeries();

    /** Mean luma of the motion-compensated next frame minus the previous frame's, levels. */
    public final DoubleSeries brightnessChange = new DoubleSeries();

    /** Mean length of the change of the flow vector since the previous pair, % of width. */
    public final DoubleSeries jitter = new DoubleSeries();

    /** Cosine between this pair's field and the previous pair's field, −1..1. */
    public final DoubleSeries directionCosine = new DoubleSeries();

    public final DoubleSeries panX = new DoubleSeries();
    public final DoubleSeries panY = new DoubleSeries();

    /** Relative scale change per frame of the best-fit similarity transform (0.01 = 1 % zoom). */
    public final DoubleSeries zoom = new DoubleSeries();

    /** Rotation per frame of the best-fit similarity transform, radians. */
    public final DoubleSeries rotation = new DoubleSeries();

    void addEmpty() {
      for (DoubleSeries s :
          new DoubleSeries[] {
            magnitude,
            topMagnitude,
            warpError,
            brightnessChange,
            jitter,
            directionCosine,
            panX,
            panY,
            zoom,
            rotation
          }) {
        s.add(Double.NaN);
      }
    }
  }
}
