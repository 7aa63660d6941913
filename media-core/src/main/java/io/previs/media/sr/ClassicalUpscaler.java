package io.previs.media.sr;

import io.previs.media.frames.BgrFrame;
import io.previs.media.frames.Mats;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Upscaling without a model: Lanczos-4 resampling, then unsharp masking weighted by local edge
 * strength. Weighting by the Sobel gradient puts the extra acutance on contours, where upscaling
 * loses it, and leaves flat areas and fine noise alone, where a global unsharp mask would grain.
 */
public final class ClassicalUpscaler implements Upscaler {

  /** Gradient magnitude (8-bit luma, |dx|+|dy| over 2) at which sharpening reaches full weight. */
  static final double FULL_EDGE = 48;

  private final int width;
  private final int height;
  private final double amount;

  /**
   * @param amount unsharp strength at edges (0 disables, 0.6 default, at most 2)
   */
  public ClassicalUpscaler(int width, int height, double amount) {
    if (!(amount >= 0 && amount <= 2)) {
      throw new IllegalArgumentException("sharpen amount must be in 0..2, got " + amount);
    }
    this.width = width;
    this.height = height;
    this.amount = amount;
  }

  @Override
  public int outputWidth() {
    return width;
  }

  @Override
  public int outputHeight() {
    return height;
  }

  @Override
  public BgrFrame upscale(BgrFrame in) {
    double scale = Math.max((double) width / in.width(), (double) height / in.height());
    try (Mat src = Mats.toMat(in);
        Mat up = Resample.resize(src, width, height, true)) {
      if (amount == 0) {
        return Mats.toFrame(up);
      }
      try (Mat out = sharpenEdges(up, amount, Math.max(1.0, 0.6 * scale))) {
        return Mats.toFrame(out);
      }
    }
  }

  /**
   * Unsharp mask of radius {@code sigma}, blended in by edge strength. Caller closes the result.
   */
  static Mat sharpenEdges(Mat img, double amount, double sigma) {
    try (Mat blur = new Mat();
        Mat sharp = new Mat();
        Mat weight = edgeWeight(img);
        Scalar one = new Scalar(1.0);
        Mat inverse = new Mat(img.rows(), img.cols(), opencv_core.CV_32F, one);
        Size auto = new Size(0, 0)) {
      opencv_imgproc.GaussianBlur(img, blur, auto, sigma);
      opencv_core.addWeighted(img, 1 + amount, blur, -amount, 0, sharp);
      opencv_core.subtract(inverse, weight, inverse);
      Mat out = new Mat();
      opencv_imgproc.blendLinear(sharp, img, weight, inverse, out);
      return out;
    }
  }

  /** 0..1 per pixel: smoothed gradient magnitude of luma over {@link #FULL_EDGE}. */
  static Mat edgeWeight(Mat img) {
    try (Mat gray = new Mat();
        Mat dx = new Mat();
        Mat dy = new Mat();
        Mat ax = new Mat();
        Mat ay = new Mat();
        Mat mag = new Mat();
        Size k = new Size(5, 5)) {
      opencv_imgproc.cvtColor(img, gray, opencv_imgproc.COLOR_BGR2GRAY);
      opencv_imgproc.Sobel(gray, dx, opencv_core.CV_16S, 1, 0);
      opencv_imgproc.Sobel(gray, dy, opencv_core.CV_16S, 0, 1);
      opencv_core.convertScaleAbs(dx, ax);
      opencv_core.convertScaleAbs(dy, ay);
      opencv_core.addWeighted(ax, 0.5, ay, 0.5, 0, mag);
      opencv_imgproc.GaussianBlur(mag, mag, k, 0);
      Mat w = new Mat();
      mag.convertTo(w, opencv_core.CV_32F, 1 / FULL_EDGE, 0);
      opencv_imgproc.threshold(w, w, 1, 1, opencv_imgproc.THRESH_TRUNC);
      return w;
    }
  }
}
