package io.previs.qccore.face;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_core.minMaxLoc;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.TM_CCOEFF_NORMED;
import static org.bytedeco.opencv.global.opencv_imgproc.matchTemplate;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.previs.qccore.similarity.Histograms;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/** Fixed-size face patches cut from a frame, and template search among them. */
final class Patches {

  private Patches() {}

  /**
   * Resamples a box of {@code src} (which may reach past the frame's edge: edges are replicated) to
   * {@code outW}×{@code outH} into {@code dst}.
   */
  static void crop(Mat src, Box box, int outW, int outH, Mat dst) {
    int x0 = (int) Math.floor(box.x());
    int y0 = (int) Math.floor(box.y());
    int x1 = (int) Math.ceil(box.x() + box.w());
    int y1 = (int) Math.ceil(box.y() + box.h());
    int cx0 = Math.max(0, Math.min(src.cols() - 1, x0));
    int cy0 = Math.max(0, Math.min(src.rows() - 1, y0));
    int cx1 = Math.max(cx0 + 1, Math.min(src.cols(), x1));
    int cy1 = Math.max(cy0 + 1, Math.min(src.rows(), y1));
    int interp = (x1 - x0) > outW ? INTER_AREA : INTER_LINEAR;
    try (Mat roi = new Mat(src, new Rect(cx0, cy0, cx1 - cx0, cy1 - cy0))) {
      if (cx0 == x0 && cy0 == y0 && cx1 == x1 && cy1 == y1) {
        resize(roi, dst, new Size(outW, outH), 0, 0, interp);
        return;
      }
      try (Mat padded = new Mat()) {
        copyMakeBorder(
            roi,
            padded,
            cy0 - y0,
            Math.max(0, y1 - cy1),
            cx0 - x0,
            Math.max(0, x1 - cx1),
            BORDER_REPLICATE,
            new Scalar());
        resize(padded, dst, new Size(outW, outH), 0, 0, interp);
      }
    }
  }

  /**
   * Best normalised cross-correlation position of {@code template} inside {@code search}.
   *
   * @return {x, y, score} with x, y the template's top-left corner in search coordinates
   */
  static double[] bestMatch(Mat search, Mat template) {
    try (Mat result = new Mat();
        DoublePointer min = new DoublePointer(1);
        DoublePointer max = new DoublePointer(1);
        Point minLoc = new Point();
        Point maxLoc = new Point()) {
      matchTemplate(search, template, result, TM_CCOEFF_NORMED);
      minMaxLoc(result, min, max, minLoc, maxLoc, null);
      return new double[] {maxLoc.x(), maxLoc.y(), max.get()};
    }
  }

  /** Pearson correlation of two 8-bit patches' 32-bin luma histograms. */
  static double histogramCorrelation(byte[] a, byte[] b) {
    double[] ha = new double[32];
    double[] hb = new double[32];
    for (byte v : a) {
      ha[(v & 0xff) >> 3]++;
    }
    for (byte v : b) {
      hb[(v & 0xff) >> 3]++;
    }
    return Histograms.correlation(ha, hb);
  }
}
