package io.previs.media.animatic;

import io.previs.media.frames.BgrFrame;
import io.previs.media.frames.Mats;
import java.util.List;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The fallback when Java2D has no font: OpenCV's Hershey simplex font, built into OpenCV, ASCII
 * only (anything else is drawn as '?'). Each frame crosses into a Mat and back once.
 */
final class HersheyText implements TextPainter {

  private static final int FONT = opencv_imgproc.FONT_HERSHEY_SIMPLEX;

  /** Hershey simplex is about 30 px from ascender to descender at scale 1. */
  private static final double PX_PER_SCALE = 30.0;

  private final BgrFrame canvas;
  private final double scale;
  private final int thickness;
  private final int ascent;
  private final int descent;

  HersheyText(BgrFrame canvas, int px) {
    this.canvas = canvas;
    this.scale = px / PX_PER_SCALE;
    this.thickness = Math.max(1, (int) Math.round(px / 14.0));
    int[] baseline = new int[1];
    try (Size s = opencv_imgproc.getTextSize("Hg", FONT, scale, thickness, baseline)) {
      this.ascent = s.height();
      this.descent = baseline[0];
    }
  }

  @Override
  public int width(String s) {
    try (Size size = opencv_imgproc.getTextSize(ascii(s), FONT, scale, thickness, new int[1])) {
      return size.width();
    }
  }

  @Override
  public int ascent() {
    return ascent;
  }

  @Override
  public int descent() {
    return descent;
  }

  @Override
  public void draw(List<Run> runs) {
    try (Mat m = Mats.toMat(canvas);
        Scalar white = new Scalar(WHITE, WHITE, WHITE, 0)) {
      for (Run r : runs) {
        try (Point p = new Point(r.x(), r.baseline())) {
          opencv_imgproc.putText(
              m, ascii(r.text()), p, FONT, scale, white, thickness, opencv_imgproc.LINE_AA, false);
        }
      }
      Mats.copyInto(m, canvas);
    }
  }

  static String ascii(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> b.append(c >= 32 && c < 127 ? (char) c : '?'));
    return b.toString();
  }

  @Override
  public void close() {}
}
