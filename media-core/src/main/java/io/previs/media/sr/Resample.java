package io.previs.media.sr;

import io.previs.media.frames.BgrFrame;
import io.previs.media.frames.Mats;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/** Plain resampling ({@link SrMode#NONE}), also the last step of the other modes. */
public final class Resample implements Upscaler {

  private final int width;
  private final int height;

  public Resample(int width, int height) {
    this.width = width;
    this.height = height;
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
    if (in.width() == width && in.height() == height) {
      return in;
    }
    try (Mat src = Mats.toMat(in);
        Mat dst = resize(src, width, height, false)) {
      return Mats.toFrame(dst);
    }
  }

  /**
   * Area averaging when shrinking (no aliasing), Lanczos-4 or bicubic when enlarging. The caller
   * closes the result.
   */
  static Mat resize(Mat src, int width, int height, boolean lanczos) {
    Mat dst = new Mat();
    boolean shrink = width <= src.cols() && height <= src.rows();
    int mode =
        shrink
            ? opencv_imgproc.INTER_AREA
            : (lanczos ? opencv_imgproc.INTER_LANCZOS4 : opencv_imgproc.INTER_CUBIC);
    try (Size size = new Size(width, height)) {
      opencv_imgproc.resize(src, dst, size, 0, 0, mode);
    }
    return dst;
  }
}
