package io.previs.qccore.face;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.previs.qccore.similarity.Ssim;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A face's appearance as the tracker compares it: 40×40 luma patches, aligned by template matching
 * before SSIM (the cascade's box wanders by a few pixels, which SSIM would read as change), and the
 * search for a face the cascade missed. Reuses its buffers; one per tracker.
 */
final class Appearance implements AutoCloseable {

  /** Face patches are compared at this size: enough for SSIM's 11×11 window to see structure. */
  static final int PATCH = 40;

  private static final double ALIGN_MARGIN = 0.15;

  private final Ssim ssim = new Ssim();
  private final Mat patch = new Mat();
  private final Mat region = new Mat();
  private final Mat scaled = new Mat();

  /**
   * {SSIM vs previous patch, SSIM vs reference, histogram correlation vs reference, SSIM vs the
   * face's own views}. The last is the best of the running reference and every view the track kept
   * at a comparable scale, each aligned on its own: a face judged against how it looked at a
   * similar pose.
   */
  double[] compare(FaceTrack track, Mat gray, Box b) {
    double[] prev = align(gray, b, ALIGN_MARGIN, track.previousPatch);
    double ssimPrev = ssim.compute(track.previousPatch, patchAt(prev));
    double[] ref = align(gray, b, ALIGN_MARGIN, track.reference);
    Mat aligned = patchAt(ref);
    double ssimRef = ssim.compute(track.reference, aligned);
    double hist = Patches.histogramCorrelation(bytes(aligned), bytes(track.reference));
    double ssimViews = ssimRef;
    for (Views.View v : track.views.near(b.size())) {
      // the search region is the same for every view: only the match moves
      double s = ssim.compute(v.patch(), patchAt(Patches.bestMatch(region, v.patch())));
      ssimViews = Math.max(ssimViews, s);
    }
    return new double[] {ssimPrev, ssimRef, hist, ssimViews};
  }

  /** Keeps this frame's aligned patch of {@code b} as one of the track's views. */
  void keepView(FaceTrack track, Mat gray, Box b, int frame) {
    if (!track.views.due(frame)) {
      return; // not aligned for nothing
    }
    double[] ref = align(gray, b, ALIGN_MARGIN, track.reference);
    track.views.offer(patchAt(ref), b.size(), frame, ssim);
  }

  /** Finds {@code template} in {@code b} grown by {@code margin}; region holds the search area. */
  double[] align(Mat gray, Box b, double margin, Mat template) {
    int side = (int) Math.round(PATCH * (1 + 2 * margin));
    Patches.crop(gray, b.grow(margin), side, side, region);
    return Patches.bestMatch(region, template);
  }

  private Mat patchAt(double[] match) {
    try (Mat roi = new Mat(region, new Rect((int) match[0], (int) match[1], PATCH, PATCH))) {
      roi.copyTo(patch);
    }
    return patch;
  }

  static Box alignedBox(Box p, double margin, double[] match) {
    Box area = p.grow(margin);
    double scale = area.w() / Math.round(PATCH * (1 + 2 * margin));
    return new Box(area.x() + match[0] * scale, area.y() + match[1] * scale, p.w(), p.h());
  }

  /** Best match of the reference anywhere in the frame, at the predicted scale: {cx, cy, score}. */
  double[] searchFrame(Mat gray, Box p, Mat template) {
    double scale = PATCH / p.w();
    int w = (int) Math.round(gray.cols() * scale);
    int h = (int) Math.round(gray.rows() * scale);
    if (w <= PATCH || h <= PATCH) {
      return new double[] {p.cx(), p.cy(), -1};
    }
    resize(gray, scaled, new Size(w, h), 0, 0, INTER_AREA);
    double[] m = Patches.bestMatch(scaled, template);
    return new double[] {(m[0] + PATCH / 2.0) / scale, (m[1] + PATCH / 2.0) / scale, m[2]};
  }

  private static byte[] bytes(Mat m) {
    byte[] out = new byte[m.cols() * m.rows()];
    if (m.isContinuous()) {
      ((BytePointer) m.data()).get(out);
    } else {
      try (Mat c = m.clone()) {
        ((BytePointer) c.data()).get(out);
      }
    }
    return out;
  }

  @Override
  public void close() {
    ssim.close();
    patch.close();
    region.close();
    scaled.close();
  }
}
