package io.previs.qccore.video;

import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_RGB2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Turns full-size BGR (or RGB bytes) into an {@link AnalysisFrame}, reusing its buffers, so a clip
 * of any length costs the same memory. Downscaling uses area averaging, which is what keeps SSIM
 * and flow at a quarter of the width close to their full-size values (aliasing would not).
 */
public final class FramePreparer implements AutoCloseable {

  private final int width;
  private final int height;
  private final int flowWidth;
  private final int flowHeight;
  private final Mat small = new Mat();
  private final Mat rgbInput = new Mat();
  private final Mat bgrInput = new Mat();
  private final AnalysisFrame frame = new AnalysisFrame();
  private int next;

  /**
   * @param sourceWidth the clip's width; analysis never upscales
   */
  public FramePreparer(int sourceWidth, int sourceHeight, int analysisWidth, int flowWidth) {
    this.width = Math.min(sourceWidth, analysisWidth);
    this.height = ClipDecoder.scaledHeight(sourceWidth, sourceHeight, width);
    this.flowWidth = Math.min(width, flowWidth);
    this.flowHeight = ClipDecoder.scaledHeight(width, height, this.flowWidth);
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public int flowWidth() {
    return flowWidth;
  }

  public int flowHeight() {
    return flowHeight;
  }

  /** Prepares the next frame from interleaved 8-bit RGB, row-major (a diffusion FrameSink's). */
  public AnalysisFrame prepareRgb(int w, int h, byte[] rgb) {
    if (rgb.length != w * h * 3) {
      throw new IllegalArgumentException(
          "frame is " + rgb.length + " bytes, expected " + (w * h * 3) + " for " + w + "x" + h);
    }
    rgbInput.create(h, w, opencv_core.CV_8UC3);
    rgbInput.data().put(rgb);
    cvtColor(rgbInput, bgrInput, COLOR_RGB2BGR);
    return prepare(bgrInput);
  }

  /** Prepares the next frame from 8-bit BGR of any size with the clip's aspect ratio. */
  public AnalysisFrame prepare(Mat bgr) {
    if (bgr.channels() != 3 || bgr.depth() != opencv_core.CV_8U) {
      throw new IllegalArgumentException("expected 8-bit BGR, got type " + bgr.type());
    }
    Mat src = bgr;
    if (bgr.cols() != width || bgr.rows() != height) {
      resize(bgr, small, new Size(width, height), 0, 0, INTER_AREA);
      src = small;
    }
    for (int q = 0; q < 4; q++) {
      int x0 = (q % 2) * width / 2;
      int y0 = (q / 2) * height / 2;
      try (Mat quadrant = new Mat(src, new Rect(x0, y0, width / 2, height / 2));
          Scalar m = mean(quadrant)) {
        for (int c = 0; c < 3; c++) {
          frame.quadrantBgr[q][c] = m.get(c);
        }
      }
    }
    cvtColor(src, frame.gray, COLOR_BGR2GRAY);
    frame.grayBytes = copy(frame.gray, frame.grayBytes);
    if (flowWidth == width) {
      frame.gray.copyTo(frame.flowGray);
    } else {
      resize(frame.gray, frame.flowGray, new Size(flowWidth, flowHeight), 0, 0, INTER_AREA);
    }
    frame.flowBytes = copy(frame.flowGray, frame.flowBytes);
    frame.index = next++;
    return frame;
  }

  private static byte[] copy(Mat m, byte[] reuse) {
    int n = m.cols() * m.rows();
    byte[] out = reuse.length == n ? reuse : new byte[n];
    ((BytePointer) m.data()).get(out);
    return out;
  }

  @Override
  public void close() {
    small.close();
    rgbInput.close();
    bgrInput.close();
    frame.gray.close();
    frame.flowGray.close();
  }
}
