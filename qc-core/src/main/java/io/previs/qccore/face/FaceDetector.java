package io.previs.qccore.face;

import io.previs.qccore.config.FaceConfig;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Cascade face detection over a whole frame (costly: every scale from the smallest face up) or near
 * a tracked face (cheap: a small window and three or four scales), and eye detection inside a face
 * box for the geometry check.
 */
final class FaceDetector {

  /** Eyes are searched in the face box resampled to this width; the eye cascade's window is 20. */
  private static final int EYE_FACE_WIDTH = 96;

  private final FaceModels models;
  private final FaceConfig cfg;
  private final int minFace;
  private final Mat eyeInput = new Mat();

  FaceDetector(FaceModels models, FaceConfig cfg, int frameHeight) {
    this.models = models;
    this.cfg = cfg;
    this.minFace = Math.max(20, (int) Math.round(cfg.minFaceHeight() * frameHeight));
  }

  List<Box> scan(Mat gray) {
    return detect(gray, 0, 0, 1.15, minFace, Math.min(gray.cols(), gray.rows()));
  }

  /** Faces near {@code predicted}, of a size within a factor 1.45 of it. */
  List<Box> scanNear(Mat gray, Box predicted) {
    Box area = predicted.grow(cfg.searchMargin());
    int x0 = clamp((int) Math.floor(area.x()), gray.cols() - 1);
    int y0 = clamp((int) Math.floor(area.y()), gray.rows() - 1);
    int x1 = clamp((int) Math.ceil(area.x() + area.w()), gray.cols());
    int y1 = clamp((int) Math.ceil(area.y() + area.h()), gray.rows());
    int size = (int) Math.round(predicted.size());
    int lo = Math.max(20, (int) (size / 1.45));
    int hi = (int) Math.ceil(size * 1.45);
    if (x1 - x0 < lo || y1 - y0 < lo) {
      return List.of();
    }
    try (Mat roi = new Mat(gray, new Rect(x0, y0, x1 - x0, y1 - y0))) {
      return detect(roi, x0, y0, 1.08, lo, Math.min(hi, Math.min(x1 - x0, y1 - y0)));
    }
  }

  private List<Box> detect(Mat img, int ox, int oy, double scaleFactor, int min, int max) {
    if (max < min) {
      return List.of();
    }
    try (RectVector found = new RectVector()) {
      models
          .face()
          .detectMultiScale(
              img,
              found,
              scaleFactor,
              cfg.minNeighbors(),
              0,
              new Size(min, min),
              new Size(max, max));
      List<Box> out = new ArrayList<>();
      for (long i = 0; i < found.size(); i++) {
        out.add(Box.of(found.get(i), ox, oy));
      }
      return out;
    }
  }

  /** Eye centres found in the face box, in box-relative coordinates (0..1 each way). */
  List<double[]> eyes(Mat gray, Box face) {
    int outH = (int) Math.round(EYE_FACE_WIDTH * face.h() / face.w());
    Patches.crop(gray, face, EYE_FACE_WIDTH, outH, eyeInput);
    try (RectVector found = new RectVector()) {
      models
          .eye()
          .detectMultiScale(
              eyeInput, found, 1.1, 3, 0, new Size(20, 20), new Size(EYE_FACE_WIDTH / 2, outH / 2));
      List<double[]> out = new ArrayList<>();
      for (long i = 0; i < found.size(); i++) {
        Rect r = found.get(i);
        out.add(
            new double[] {
              (r.x() + r.width() / 2.0) / EYE_FACE_WIDTH, (r.y() + r.height() / 2.0) / outH
            });
      }
      return out;
    }
  }

  private static int clamp(int v, int max) {
    return Math.max(0, Math.min(max, v));
  }

  void close() {
    eyeInput.close();
  }
}
