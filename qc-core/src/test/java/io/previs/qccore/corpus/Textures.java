package io.previs.qccore.corpus;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.bytedeco.opencv.global.opencv_imgproc.ellipse;
import static org.bytedeco.opencv.global.opencv_imgproc.line;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.Random;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Procedural scenes to pan and zoom over, deterministic in their seed: a few octaves of value noise
 * mapped through a random palette (ground, sky, foliage-like variation), with hard-edged shapes on
 * top so that SSIM and flow have structure at every scale, as a real set would.
 */
final class Textures {

  private Textures() {}

  static Mat generate(int width, int height, long seed) {
    Random rnd = new Random(seed);
    float[] field = new float[width * height];
    double amplitude = 1;
    int cells = 3 + rnd.nextInt(3);
    for (int octave = 0; octave < 5; octave++) {
      add(field, width, height, cells, amplitude, rnd);
      cells *= 2;
      amplitude *= 0.55;
    }
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float v : field) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double[][] palette = new double[3][3];
    for (double[] c : palette) {
      for (int k = 0; k < 3; k++) {
        c[k] = 20 + rnd.nextInt(220);
      }
    }
    byte[] bgr = new byte[width * height * 3];
    for (int i = 0; i < field.length; i++) {
      double t = (field[i] - min) / (max - min);
      double[] a = t < 0.5 ? palette[0] : palette[1];
      double[] b = t < 0.5 ? palette[1] : palette[2];
      double u = t < 0.5 ? t * 2 : (t - 0.5) * 2;
      for (int k = 0; k < 3; k++) {
        bgr[3 * i + k] = (byte) Math.round(a[k] + (b[k] - a[k]) * u);
      }
    }
    Mat out = new Mat(height, width, CV_8UC3);
    ((BytePointer) out.data()).put(bgr);
    shapes(out, rnd);
    return out;
  }

  private static void add(
      float[] field, int width, int height, int cells, double amplitude, Random rnd) {
    int ch = Math.max(2, cells * height / width);
    float[] coarse = new float[cells * ch];
    for (int i = 0; i < coarse.length; i++) {
      coarse[i] = (float) (rnd.nextDouble() * amplitude);
    }
    try (Mat small = new Mat(ch, cells, CV_32F);
        Mat big = new Mat()) {
      ((FloatPointer) new FloatPointer(small.data())).put(coarse);
      resize(small, big, new Size(width, height), 0, 0, INTER_CUBIC);
      float[] up = new float[width * height];
      new FloatPointer(big.data()).get(up);
      for (int i = 0; i < up.length; i++) {
        field[i] += up[i];
      }
    }
  }

  private static void shapes(Mat img, Random rnd) {
    int w = img.cols();
    int h = img.rows();
    int count = 25 + rnd.nextInt(20);
    for (int i = 0; i < count; i++) {
      Scalar colour = new Scalar(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256), 0);
      int x = rnd.nextInt(w);
      int y = rnd.nextInt(h);
      int r = 6 + rnd.nextInt(Math.max(7, w / 14));
      switch (rnd.nextInt(4)) {
        case 0 -> circle(img, new Point(x, y), r, colour, -1, LINE_AA, 0);
        case 1 ->
            rectangle(img, new Point(x, y), new Point(x + r * 2, y + r), colour, -1, LINE_AA, 0);
        case 2 ->
            line(
                img,
                new Point(x, y),
                new Point(x + rnd.nextInt(w / 3) - w / 6, y + rnd.nextInt(h / 3) - h / 6),
                colour,
                2 + rnd.nextInt(4),
                LINE_AA,
                0);
        default ->
            ellipse(
                img,
                new Point(x, y),
                new Size(r, r / 2 + 2),
                rnd.nextInt(180),
                0,
                360,
                colour,
                -1,
                LINE_AA,
                0);
      }
    }
  }
}
