package io.previs.qccore.video;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One frame reduced to what the detectors read: luma at the analysis width (similarity, faces),
 * luma at the flow width, and the mean colour of each quadrant. The same object is refilled for
 * every frame; a detector that needs a previous frame keeps its own copy.
 */
public final class AnalysisFrame {

  int index;
  final Mat gray = new Mat();
  byte[] grayBytes = new byte[0];
  final Mat flowGray = new Mat();
  byte[] flowBytes = new byte[0];
  final double[][] quadrantBgr = new double[4][3];

  public int index() {
    return index;
  }

  /** 8-bit luma (BT.601 weights, full range) at the analysis width. */
  public Mat gray() {
    return gray;
  }

  /**
   * Row-major copy of {@link #gray()}, for loops that are cheaper in Java than a JNI round trip.
   */
  public byte[] grayBytes() {
    return grayBytes;
  }

  public int width() {
    return gray.cols();
  }

  public int height() {
    return gray.rows();
  }

  /** 8-bit luma at the flow width (the same Mat as {@link #gray()} when the widths agree). */
  public Mat flowGray() {
    return flowGray;
  }

  public byte[] flowBytes() {
    return flowBytes;
  }

  public int flowWidth() {
    return flowGray.cols();
  }

  public int flowHeight() {
    return flowGray.rows();
  }

  /**
   * Mean blue, green and red of quadrant {@code q} (0 top left, 1 top right, 2 bottom left, 3
   * bottom right), 0..255: a colour cast over the whole frame shows in all four, a coloured object
   * passing by in one or two.
   */
  public double[] quadrantBgr(int q) {
    return quadrantBgr[q];
  }
}
