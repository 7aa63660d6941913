package io.previs.qccore.corpus;

import org.bytedeco.opencv.opencv_core.Mat;

/** Footage as a function of time: renders source time {@code tau} into a BGR frame. */
interface Scene extends AutoCloseable {

  /** What happens to the face in a face scene; other scenes ignore it. */
  enum FaceEffect {
    NORMAL,
    HIDDEN,
    WARPED,
    SMEARED,
    JUMPED
  }

  void render(int tau, FaceEffect effect, Mat out);

  @Override
  default void close() {}
}
