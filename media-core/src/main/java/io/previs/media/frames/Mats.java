package io.previs.media.frames;

import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Moves frames in and out of OpenCV. A heap array cannot back a native Mat, so each crossing is one
 * memcpy (about 1 ms per 1080p frame), far below the cost of what OpenCV then does with it.
 */
public final class Mats {

  private Mats() {}

  /** A new {@code CV_8UC3} Mat holding a copy of the frame. The caller closes it. */
  public static Mat toMat(BgrFrame f) {
    Mat m = new Mat(f.height(), f.width(), opencv_core.CV_8UC3);
    m.data().put(f.data(), 0, f.data().length);
    return m;
  }

  /** Copies a continuous {@code CV_8UC3} Mat into a new frame. */
  public static BgrFrame toFrame(Mat m) {
    BgrFrame f = new BgrFrame(m.cols(), m.rows());
    copyInto(m, f);
    return f;
  }

  public static void copyInto(Mat m, BgrFrame f) {
    if (m.type() != opencv_core.CV_8UC3 || m.cols() != f.width() || m.rows() != f.height()) {
      throw new IllegalArgumentException(
          "Mat " + m.cols() + "x" + m.rows() + " type " + m.type() + " does not fit " + f);
    }
    Mat c = m.isContinuous() ? m : m.clone();
    try {
      c.data().get(f.data(), 0, f.data().length);
    } finally {
      if (c != m) {
        c.close();
      }
    }
  }
}
