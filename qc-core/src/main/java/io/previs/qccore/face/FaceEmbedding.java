package io.previs.qccore.face;

import static org.bytedeco.opencv.global.opencv_core.flip;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.equalizeHist;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_face.LBPHFaceRecognizer;

/**
 * How a face is turned into what the likeness check compares: the inner face of a cascade box (brow
 * to chin, cheek to cheek: the cascade's box adds forehead and background at the sides), resampled
 * to {@value #SIZE}×{@value #SIZE} grey and histogram-equalised, then OpenCV's local binary pattern
 * histograms (LBPH: Ahonen, Hadid and Pietikäinen, 2006) — 8 neighbours at radius 2, a 4×4 grid of
 * cells, each cell's 256-bin histogram — compared by chi-square distance.
 *
 * <p>LBPH is the face descriptor the JVM has here without a downloaded model (OpenCV's deep SFace
 * needs one). It is robust to monotonic lighting changes and mild blur; it is not invariant to
 * large pose changes, which is why the gallery holds several images per person and the check
 * samples a face track at several moments.
 */
final class FaceEmbedding {

  static final int SIZE = 64;

  /**
   * LBP radius 2 and a 4×4 grid of 16×16 cells: at radius 1 and 8×8 cells (OpenCV's defaults, made
   * for 100-pixel faces) a cell's 256-bin histogram has 64 samples and the distance is mostly
   * noise; these separate the corpus best (docs/POLICY.md).
   */
  static final int RADIUS = 2;

  static final int GRID = 4;

  /** A face smaller than this many analysis pixels high carries too little detail to compare. */
  static final int MIN_FACE = 36;

  private FaceEmbedding() {}

  /** The inner face of {@code box} in {@code gray}, ready for the recognizer, into {@code out}. */
  static void prepare(Mat gray, Box box, Mat out) {
    Box inner =
        new Box(box.x() + 0.12 * box.w(), box.y() + 0.12 * box.h(), 0.76 * box.w(), 0.84 * box.h());
    Patches.crop(gray, inner, SIZE, SIZE, out);
    equalizeHist(out, out);
  }

  /** The same face as a smaller source would have shown it: {@code height} pixels high first. */
  static void prepareAt(Mat gray, Box box, int height, Mat out) {
    double scale = height / box.h();
    if (scale >= 1) {
      prepare(gray, box, out);
      return;
    }
    try (Mat small = new Mat()) {
      resize(gray, small, new Size(), scale, scale, INTER_AREA);
      prepare(
          small, new Box(box.x() * scale, box.y() * scale, box.w() * scale, box.h() * scale), out);
    }
  }

  static void mirror(Mat face, Mat out) {
    flip(face, out, 1);
  }

  static LBPHFaceRecognizer recognizer() {
    return LBPHFaceRecognizer.create(RADIUS, 8, GRID, GRID, Double.MAX_VALUE);
  }
}
