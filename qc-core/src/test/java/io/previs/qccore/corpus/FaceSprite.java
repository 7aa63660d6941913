package io.previs.qccore.corpus;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REFLECT;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.filter2D;
import static org.bytedeco.opencv.global.opencv_imgproc.remap;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The astronaut's head (hair to chin) cut from the test photo with a soft elliptical mask, to be
 * composited over a moving background; and the two ways a generator spoils a face: a geometric warp
 * (features pushed around) and a smear (motion-blur-like streak).
 */
final class FaceSprite {

  /** Head region of astronaut.png (512×512): hair top to below the chin. */
  private static final Rect HEAD = new Rect(140, 10, 170, 205);

  private FaceSprite() {}

  static Mat head(Mat photo) {
    return new Mat(photo, HEAD).clone();
  }

  /** Alpha 0..1 per pixel of a sprite of the given size: an ellipse with a soft 12 % edge. */
  static float[] mask(int w, int h) {
    float[] a = new float[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double dx = (x - w / 2.0) / (w / 2.0);
        double dy = (y - h / 2.0) / (h / 2.0);
        double r = Math.sqrt(dx * dx + dy * dy);
        a[y * w + x] = (float) Math.max(0, Math.min(1, (1 - r) / 0.12));
      }
    }
    return a;
  }

  static Mat scaled(Mat head, int w, int h) {
    Mat out = new Mat();
    resize(head, out, new Size(w, h), 0, 0, INTER_AREA);
    return out;
  }

  /** Alpha-blends {@code sprite} onto {@code frame} with its top-left corner at (x, y). */
  static void composite(Mat frame, Mat sprite, float[] alpha, int x, int y) {
    int fw = frame.cols();
    int fh = frame.rows();
    int sw = sprite.cols();
    int sh = sprite.rows();
    byte[] f = new byte[fw * fh * 3];
    byte[] s = new byte[sw * sh * 3];
    ((BytePointer) frame.data()).get(f);
    ((BytePointer) sprite.data()).get(s);
    for (int j = 0; j < sh; j++) {
      int fy = y + j;
      if (fy < 0 || fy >= fh) {
        continue;
      }
      for (int i = 0; i < sw; i++) {
        int fx = x + i;
        float a = alpha[j * sw + i];
        if (fx < 0 || fx >= fw || a <= 0) {
          continue;
        }
        for (int k = 0; k < 3; k++) {
          int d = (fy * fw + fx) * 3 + k;
          int v = s[(j * sw + i) * 3 + k] & 0xff;
          f[d] = (byte) Math.round((f[d] & 0xff) * (1 - a) + v * a);
        }
      }
    }
    ((BytePointer) frame.data()).put(f);
  }

  /**
   * Pushes the face's features around: a smooth displacement field of up to {@code strength} of the
   * sprite's width, different every frame ({@code phase}).
   */
  static Mat warp(Mat sprite, double strength, double phase) {
    int w = sprite.cols();
    int h = sprite.rows();
    float[] mx = new float[w * h];
    float[] my = new float[w * h];
    double amp = strength * w;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double u = (double) x / w;
        double v = (double) y / h;
        double fall = Math.sin(Math.PI * u) * Math.sin(Math.PI * v);
        mx[y * w + x] = (float) (x + amp * fall * Math.sin(2 * Math.PI * (1.3 * v + phase)));
        my[y * w + x] = (float) (y + amp * fall * Math.cos(2 * Math.PI * (1.1 * u - phase)));
      }
    }
    try (Mat mapX = new Mat(h, w, CV_32F);
        Mat mapY = new Mat(h, w, CV_32F)) {
      new FloatPointer(mapX.data()).put(mx);
      new FloatPointer(mapY.data()).put(my);
      Mat out = new Mat(h, w, CV_8UC3);
      remap(sprite, out, mapX, mapY, INTER_LINEAR, BORDER_REFLECT, new Scalar());
      return out;
    }
  }

  /** Streaks the face along {@code angle}: a line kernel {@code strength} of the width long. */
  static Mat smear(Mat sprite, double strength, double angle) {
    int len = Math.max(3, (int) Math.round(strength * sprite.cols())) | 1;
    float[] k = new float[len * len];
    double c = (len - 1) / 2.0;
    int count = 0;
    for (int i = 0; i < len; i++) {
      double t = i - c;
      int x = (int) Math.round(c + t * Math.cos(angle));
      int y = (int) Math.round(c + t * Math.sin(angle));
      if (k[y * len + x] == 0) {
        k[y * len + x] = 1;
        count++;
      }
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= count;
    }
    try (Mat kernel = new Mat(len, len, CV_32F)) {
      new FloatPointer(kernel.data()).put(k);
      Mat out = new Mat();
      filter2D(sprite, out, -1, kernel, new Point(-1, -1), 0, BORDER_REFLECT);
      return out;
    }
  }
}
