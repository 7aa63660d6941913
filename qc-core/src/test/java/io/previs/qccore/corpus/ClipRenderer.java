package io.previs.qccore.corpus;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REFLECT;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import io.previs.qccore.corpus.Scene.FaceEffect;
import java.util.Random;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Renders a {@link ClipSpec}: footage by source time, with the defect planted either in time (a
 * freeze or reversal remaps which source frame is shown), in the scene (a cut switches footage, a
 * face is hidden or spoilt) or on the finished frame (flicker, black, jitter).
 */
final class ClipRenderer {

  interface Sink {
    void frame(int index, Mat bgr) throws Exception;
  }

  private ClipRenderer() {}

  static void render(ClipSpec spec, Sink sink) throws Exception {
    int w = spec.width();
    int h = spec.height();
    Random rnd = new Random(spec.seed() * 7 + spec.defect().ordinal());
    double flickerAmp = 0.07 + 0.08 * rnd.nextDouble();
    double jitterAmp = (0.015 + 0.015 * rnd.nextDouble()) * w;
    Scalar blank = new Scalar(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256), 0);
    try (Scene main = Scenes.create(spec.content(), w, h, spec.frames(), spec.seed());
        Scene other =
            spec.defect() == Defect.JUMP_CUT
                ? Scenes.create(spec.content(), w, h, spec.frames(), spec.seed() + 7919)
                : null;
        Mat frame = new Mat(h, w, CV_8UC3);
        Mat shifted = new Mat()) {
      for (int t = 0; t < spec.frames(); t++) {
        boolean inDefect = t >= spec.start() && t < spec.start() + spec.length();
        Scene scene = other != null && t >= spec.start() ? other : main;
        FaceEffect effect = FaceEffect.NORMAL;
        if (inDefect && spec.defect() == Defect.FACE_VANISH) {
          effect = FaceEffect.HIDDEN;
        } else if (inDefect && spec.defect() == Defect.FACE_WARP) {
          effect = spec.variant() == 0 ? FaceEffect.WARPED : FaceEffect.SMEARED;
        } else if (inDefect && spec.defect() == Defect.FACE_JUMP) {
          effect = FaceEffect.JUMPED;
        }
        scene.render(sourceTime(spec, t), effect, frame);
        Mat out = frame;
        if (inDefect) {
          switch (spec.defect()) {
            case FLICKER ->
                flicker(frame, flickerAmp * ((t - spec.start()) % 2 == 0 ? 1 : -1), spec.variant());
            case BLACK -> frame.put(spec.variant() == 0 ? new Scalar(3, 3, 3, 0) : blank);
            case JITTER -> {
              shift(
                  frame,
                  shifted,
                  (rnd.nextDouble() * 2 - 1) * jitterAmp,
                  (rnd.nextDouble() * 2 - 1) * jitterAmp);
              out = shifted;
            }
            default -> {}
          }
        }
        sink.frame(t, out);
      }
    }
  }

  /** Which source frame is shown at output frame t. */
  static int sourceTime(ClipSpec spec, int t) {
    int k = spec.start();
    int n = spec.length();
    return switch (spec.defect()) {
      case FREEZE -> t < k ? t : t < k + n ? k : t - n + 1;
      case REVERSAL -> t <= k ? t : t <= k + n ? 2 * k - t : t - 2 * n;
      default -> t;
    };
  }

  /** Luma flicker scales all channels; colour flicker swings red against blue. */
  private static void flicker(Mat frame, double amp, int variant) {
    double[] gains =
        variant == 0
            ? new double[] {1 + amp, 1 + amp, 1 + amp}
            : new double[] {1 - amp, 1, 1 + amp};
    byte[] px = new byte[frame.cols() * frame.rows() * 3];
    ((BytePointer) frame.data()).get(px);
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) Math.max(0, Math.min(255, Math.round((px[i] & 0xff) * gains[i % 3])));
    }
    ((BytePointer) frame.data()).put(px);
  }

  private static void shift(Mat src, Mat dst, double dx, double dy) {
    try (Mat m = new Mat(2, 3, CV_64F)) {
      new DoublePointer(m.data()).put(new double[] {1, 0, dx, 0, 1, dy});
      warpAffine(
          src,
          dst,
          m,
          new Size(src.cols(), src.rows()),
          INTER_LINEAR,
          BORDER_REFLECT,
          new Scalar());
    }
  }
}
