package io.previs.qccore.corpus;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.util.Random;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/** A locked-off shot: the first frame of a camera scene, held, with optional sensor noise. */
final class StaticScene implements Scene {

  private final byte[] still;
  private final double noise;
  private final long seed;

  StaticScene(Scene base, int width, int height, double noise, long seed) {
    try (Mat first = new Mat(height, width, CV_8UC3)) {
      base.render(0, FaceEffect.NORMAL, first);
      still = new byte[width * height * 3];
      ((BytePointer) first.data()).get(still);
    }
    this.noise = noise;
    this.seed = seed;
  }

  @Override
  public void render(int tau, FaceEffect effect, Mat out) {
    byte[] px = still.clone();
    if (noise > 0) {
      Random rnd = new Random(seed * 31 + tau);
      for (int i = 0; i < px.length; i++) {
        int v = (px[i] & 0xff) + (int) Math.round(rnd.nextGaussian() * noise);
        px[i] = (byte) Math.max(0, Math.min(255, v));
      }
    }
    ((BytePointer) out.data()).put(px);
  }
}
