package io.previs.qccore.similarity;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.add;
import static org.bytedeco.opencv.global.opencv_core.divide;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_core.multiply;
import static org.bytedeco.opencv.global.opencv_core.subtract;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Mean structural similarity of two 8-bit single-channel images (Wang et al. 2004, eq. 13): 11×11
 * Gaussian window with σ = 1.5, K1 = 0.01, K2 = 0.03, dynamic range 255. Buffers are reused, so one
 * instance serves a clip's every frame pair; not thread-safe.
 */
public final class Ssim implements AutoCloseable {

  private static final double C1 = Math.pow(0.01 * 255, 2);
  private static final double C2 = Math.pow(0.03 * 255, 2);
  private static final Size WINDOW = new Size(11, 11);

  private final Mat a = new Mat();
  private final Mat b = new Mat();
  private final Mat muA = new Mat();
  private final Mat muB = new Mat();
  private final Mat muAa = new Mat();
  private final Mat muBb = new Mat();
  private final Mat muAb = new Mat();
  private final Mat t1 = new Mat();
  private final Mat t2 = new Mat();
  private final Mat t3 = new Mat();
  private final Mat num = new Mat();
  private final Mat den = new Mat();

  public double compute(Mat gray1, Mat gray2) {
    gray1.convertTo(a, CV_32F);
    gray2.convertTo(b, CV_32F);
    blur(a, muA);
    blur(b, muB);
    multiply(a, a, t1);
    blur(t1, muAa);
    multiply(b, b, t1);
    blur(t1, muBb);
    multiply(a, b, t1);
    blur(t1, muAb);
    // numerator: (2 μa μb + C1)(2 σab + C2), with σab = E[ab] − μa μb
    multiply(muA, muB, t1);
    multiply(muA, muA, t2);
    multiply(muB, muB, t3);
    subtract(muAb, t1, muAb);
    subtract(muAa, t2, muAa);
    subtract(muBb, t3, muBb);
    t1.convertTo(num, CV_32F, 2, C1);
    muAb.convertTo(muAb, CV_32F, 2, C2);
    multiply(num, muAb, num);
    // denominator: (μa² + μb² + C1)(σa² + σb² + C2)
    add(t2, t3, den);
    den.convertTo(den, CV_32F, 1, C1);
    add(muAa, muBb, t1);
    t1.convertTo(t1, CV_32F, 1, C2);
    multiply(den, t1, den);
    divide(num, den, num);
    try (Scalar s = mean(num)) {
      return s.get(0);
    }
  }

  private static void blur(Mat src, Mat dst) {
    GaussianBlur(src, dst, WINDOW, 1.5);
  }

  @Override
  public void close() {
    for (Mat m : new Mat[] {a, b, muA, muB, muAa, muBb, muAb, t1, t2, t3, num, den}) {
      m.close();
    }
  }
}
