package io.previs.qccore.face;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_imgproc.accumulateWeighted;

import io.previs.qccore.flow.CameraMotion;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One face followed across frames: its observations, where it should be next (constant velocity
 * relative to the camera), and its appearance (the last patch and a slowly updated reference).
 */
final class FaceTrack {

  final int id;
  final List<FaceObservation> observations = new ArrayList<>();
  Box last;
  int lastFrame;
  double vx;
  double vy;

  /** Box size smoothed over detections: the cascade's boxes step by its scale factor. */
  double width;

  double height;
  int missingRun;
  int detections;

  /** Consecutive detections that look steady frame to frame but unlike the reference. */
  int mismatchRun;

  /** False while the reference comes from a face the frame edge cut. */
  boolean referenceWhole;

  /** The intact views of the face at the poses it has shown, for pose-aware comparison. */
  final Views views = new Views();

  final Mat previousPatch = new Mat();
  private final Mat reference32 = new Mat();
  final Mat reference = new Mat();

  FaceTrack(int id, Box box, int frame, Mat patch) {
    this.id = id;
    this.last = box;
    this.lastFrame = frame;
    this.width = box.w();
    this.height = box.h();
    patch.copyTo(previousPatch);
    patch.convertTo(reference32, CV_32F);
    patch.copyTo(reference);
  }

  /**
   * Where the face should be in the next frame, given the camera's motion for that pair; the
   * smoothed size follows the camera zoom. Called once per frame.
   */
  Box predict(CameraMotion cam) {
    double cx = last.cx();
    double cy = last.cy();
    double nx = cx + cam.displacementX(cx, cy) + vx;
    double ny = cy + cam.displacementY(cx, cy) + vy;
    double s = 1 + cam.zoom();
    width *= s;
    height *= s;
    return Box.centered(nx, ny, width, height);
  }

  /** Folds a detection's size into the smoothed size. */
  void observeSize(Box detection) {
    width = 0.7 * width + 0.3 * detection.w();
    height = 0.7 * height + 0.3 * detection.h();
  }

  /** The box at {@code b}'s centre with the smoothed size: where patches are cut. */
  Box patchBox(Box b) {
    return Box.centered(b.cx(), b.cy(), width, height);
  }

  /** Moves the track to {@code box}; velocity is kept relative to the camera, smoothed. */
  void moveTo(Box box, CameraMotion cam, boolean consecutive) {
    if (consecutive) {
      double cx = last.cx();
      double cy = last.cy();
      double ux = box.cx() - cx - cam.displacementX(cx, cy);
      double uy = box.cy() - cy - cam.displacementY(cx, cy);
      vx = 0.6 * vx + 0.4 * ux;
      vy = 0.6 * vy + 0.4 * uy;
    }
    last = box;
  }

  /** Blends an undistorted patch into the reference appearance, so slow changes are followed. */
  void learn(Mat patch, double rate) {
    try (Mat p32 = new Mat()) {
      patch.convertTo(p32, CV_32F);
      accumulateWeighted(p32, reference32, rate);
    }
    reference32.convertTo(reference, CV_8U);
  }

  /** Makes {@code patch} the reference: the face's normal appearance has changed for good. */
  void reanchor(Mat patch) {
    patch.convertTo(reference32, CV_32F);
    patch.copyTo(reference);
    mismatchRun = 0;
  }

  int detections() {
    return detections;
  }

  void close() {
    views.close();
    previousPatch.close();
    reference32.close();
    reference.close();
  }
}
