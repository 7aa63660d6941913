package io.previs.qccore.corpus;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REFLECT;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import java.util.Random;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A virtual camera over a still image: a window that pans at constant speed or zooms at a constant
 * rate, resampled to the output size. Speeds are drawn from what previs camera moves use: a pan of
 * 0.4–2 % of the frame width per frame, a zoom of 0.4–1.5 % per frame.
 */
final class CameraScene implements Scene {

  private final Mat source;
  private final int width;
  private final int height;
  private final double x0;
  private final double y0;
  private final double vx;
  private final double vy;
  private final double w0;
  private final double zoomRate;

  private CameraScene(
      Mat source,
      int width,
      int height,
      double x0,
      double y0,
      double vx,
      double vy,
      double w0,
      double zoomRate) {
    this.source = source;
    this.width = width;
    this.height = height;
    this.x0 = x0;
    this.y0 = y0;
    this.vx = vx;
    this.vy = vy;
    this.w0 = w0;
    this.zoomRate = zoomRate;
  }

  static CameraScene pan(Mat source, int width, int height, int frames, long seed) {
    Random rnd = new Random(seed);
    double aspect = (double) height / width;
    double sw = source.cols();
    double sh = source.rows();
    double ww = Math.min(sw * (0.42 + 0.15 * rnd.nextDouble()), sh * 0.85 / aspect);
    double wh = ww * aspect;
    double speed = ww * (0.004 + 0.016 * rnd.nextDouble());
    double angle = rnd.nextDouble() * 2 * Math.PI;
    double vx = speed * Math.cos(angle);
    double vy = speed * Math.sin(angle) * 0.5;
    // keep the whole path inside the image: shrink the speed until it fits
    double travelX = Math.abs(vx) * frames;
    double travelY = Math.abs(vy) * frames;
    double fit =
        Math.min(1, Math.min((sw - ww - 2) / travelX, (sh - wh - 2) / Math.max(1e-9, travelY)));
    vx *= fit;
    vy *= fit;
    double x =
        vx >= 0
            ? 1 + rnd.nextDouble() * (sw - ww - 2 - vx * frames)
            : sw - ww - 1 - rnd.nextDouble() * (sw - ww - 2 + vx * frames);
    double y =
        vy >= 0
            ? 1 + rnd.nextDouble() * (sh - wh - 2 - vy * frames)
            : sh - wh - 1 - rnd.nextDouble() * (sh - wh - 2 + vy * frames);
    return new CameraScene(source, width, height, x, y, vx, vy, ww, 0);
  }

  static CameraScene zoom(Mat source, int width, int height, int frames, long seed) {
    Random rnd = new Random(seed);
    double aspect = (double) height / width;
    double sw = source.cols();
    double sh = source.rows();
    double rate = (0.004 + 0.011 * rnd.nextDouble()) * (rnd.nextBoolean() ? 1 : -1);
    double widest = Math.min(sw * 0.9, sh * 0.9 / aspect);
    double narrowest = widest * Math.exp(-Math.abs(rate) * frames);
    double ww = rate > 0 ? widest : narrowest;
    double cx = sw / 2 + (rnd.nextDouble() - 0.5) * (sw - widest) * 0.8;
    double cy = sh / 2 + (rnd.nextDouble() - 0.5) * (sh - widest * aspect) * 0.8;
    return new CameraScene(source, width, height, cx, cy, 0, 0, ww, rate);
  }

  @Override
  public void render(int tau, FaceEffect effect, Mat out) {
    double ww;
    double ox;
    double oy;
    if (zoomRate != 0) {
      ww = w0 * Math.exp(-zoomRate * tau);
      ox = x0 - ww / 2;
      oy = y0 - ww * height / width / 2;
    } else {
      ww = w0;
      ox = x0 + vx * tau;
      oy = y0 + vy * tau;
    }
    double s = width / ww;
    try (Mat m = new Mat(2, 3, CV_64F)) {
      new DoublePointer(m.data()).put(new double[] {s, 0, -s * ox, 0, s, -s * oy});
      warpAffine(
          source, out, m, new Size(width, height), INTER_LINEAR, BORDER_REFLECT, new Scalar());
    }
  }
}
