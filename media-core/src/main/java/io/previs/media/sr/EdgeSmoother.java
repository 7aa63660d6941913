package io.previs.media.sr;

import io.previs.media.frames.BgrFrame;
import io.previs.media.frames.Mats;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Edge anti-aliasing (the seed's "edge optimisation": no jagged contours on characters). A jagged
 * contour is a staircase along the edge; averaging along the edge's tangent turns the stairs into
 * the ramp a supersampled render would have, while leaving the profile across the edge (its
 * sharpness, a thin outline) alone, which a plain blur would not.
 *
 * <p>Canny marks the contours; the local orientation comes from the structure tensor (smoothed
 * outer products of the gradient), whose coherence also fades the effect out at corners and in
 * texture, where there is no single direction to smooth along. Runs at the source size, before
 * upscaling, where a step is still one pixel.
 */
public final class EdgeSmoother {

  /** Canny hysteresis thresholds on 8-bit luma: contours, not texture. */
  static final double LOW = 50;

  static final double HIGH = 120;

  /** Integration scale of the structure tensor, in pixels. */
  static final double TENSOR_SIGMA = 1.5;

  /** Samples along the tangent at these distances (pixels), weighted by {@link #WEIGHTS}. */
  static final double[] OFFSETS = {0.75, 1.5, 2.25};

  static final double[] WEIGHTS = {0.75, 0.5, 0.25};

  private final double strength;

  /**
   * @param strength blend towards the tangent average, 0 (off) to 1
   */
  public EdgeSmoother(double strength) {
    if (!(strength >= 0 && strength <= 1)) {
      throw new IllegalArgumentException("anti-alias strength must be in 0..1, got " + strength);
    }
    this.strength = strength;
  }

  public BgrFrame apply(BgrFrame in) {
    if (strength == 0) {
      return in;
    }
    BgrFrame out = in.copy();
    try (Mat src = Mats.toMat(in);
        Mat gray = new Mat();
        Mat edges = new Mat();
        Mat gx = new Mat();
        Mat gy = new Mat();
        Mat jxx = new Mat();
        Mat jxy = new Mat();
        Mat jyy = new Mat();
        Size auto = new Size(0, 0)) {
      opencv_imgproc.cvtColor(src, gray, opencv_imgproc.COLOR_BGR2GRAY);
      opencv_imgproc.Canny(gray, edges, LOW, HIGH);
      try (Mat kernel =
          opencv_imgproc.getStructuringElement(opencv_imgproc.MORPH_RECT, new Size(3, 3))) {
        opencv_imgproc.dilate(edges, edges, kernel);
      }
      opencv_imgproc.Sobel(gray, gx, opencv_core.CV_32F, 1, 0);
      opencv_imgproc.Sobel(gray, gy, opencv_core.CV_32F, 0, 1);
      opencv_core.multiply(gx, gx, jxx);
      opencv_core.multiply(gx, gy, jxy);
      opencv_core.multiply(gy, gy, jyy);
      opencv_imgproc.GaussianBlur(jxx, jxx, auto, TENSOR_SIGMA);
      opencv_imgproc.GaussianBlur(jxy, jxy, auto, TENSOR_SIGMA);
      opencv_imgproc.GaussianBlur(jyy, jyy, auto, TENSOR_SIGMA);
      try (UByteIndexer e = edges.createIndexer();
          FloatIndexer xx = jxx.createIndexer();
          FloatIndexer xy = jxy.createIndexer();
          FloatIndexer yy = jyy.createIndexer()) {
        smoothAlongEdges(in, out, e, xx, xy, yy);
      }
    }
    return out;
  }

  private void smoothAlongEdges(
      BgrFrame in,
      BgrFrame out,
      UByteIndexer e,
      FloatIndexer xx,
      FloatIndexer xy,
      FloatIndexer yy) {
    byte[] s = in.data();
    byte[] d = out.data();
    int w = in.width();
    int h = in.height();
    double[] acc = new double[3];
    double[] px = new double[3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (e.get(y, x) == 0) {
          continue;
        }
        double a = xx.get(y, x);
        double b = xy.get(y, x);
        double c = yy.get(y, x);
        double trace = a + c;
        if (trace < 1e-3) {
          continue;
        }
        double diff = Math.sqrt((a - c) * (a - c) + 4 * b * b);
        double coherence = diff / trace;
        // Gradient angle is half the angle of (a - c, 2b); the tangent is perpendicular to it.
        double theta = 0.5 * Math.atan2(2 * b, a - c);
        double tx = -Math.sin(theta);
        double ty = Math.cos(theta);
        int i = 3 * (y * w + x);
        double total = 1;
        acc[0] = s[i] & 0xff;
        acc[1] = s[i + 1] & 0xff;
        acc[2] = s[i + 2] & 0xff;
        for (int k = 0; k < OFFSETS.length; k++) {
          for (int sign = -1; sign <= 1; sign += 2) {
            sample(s, w, h, x + sign * OFFSETS[k] * tx, y + sign * OFFSETS[k] * ty, px);
            for (int ch = 0; ch < 3; ch++) {
              acc[ch] += WEIGHTS[k] * px[ch];
            }
            total += WEIGHTS[k];
          }
        }
        double blend = strength * coherence * coherence;
        for (int ch = 0; ch < 3; ch++) {
          double v = s[i + ch] & 0xff;
          double smooth = acc[ch] / total;
          d[i + ch] = (byte) Math.round(v + blend * (smooth - v));
        }
      }
    }
  }

  /** Bilinear sample of all three channels, clamped to the frame. */
  private static void sample(byte[] s, int w, int h, double fx, double fy, double[] out) {
    fx = Math.max(0, Math.min(w - 1, fx));
    fy = Math.max(0, Math.min(h - 1, fy));
    int x0 = Math.min((int) fx, w - 2 < 0 ? 0 : w - 2);
    int y0 = Math.min((int) fy, h - 2 < 0 ? 0 : h - 2);
    int x1 = Math.min(x0 + 1, w - 1);
    int y1 = Math.min(y0 + 1, h - 1);
    double dx = fx - x0;
    double dy = fy - y0;
    int i00 = 3 * (y0 * w + x0);
    int i01 = 3 * (y0 * w + x1);
    int i10 = 3 * (y1 * w + x0);
    int i11 = 3 * (y1 * w + x1);
    for (int c = 0; c < 3; c++) {
      double top = (s[i00 + c] & 0xff) * (1 - dx) + (s[i01 + c] & 0xff) * dx;
      double bottom = (s[i10 + c] & 0xff) * (1 - dx) + (s[i11 + c] & 0xff) * dx;
      out[c] = top * (1 - dy) + bottom * dy;
    }
  }
}
