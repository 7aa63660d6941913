package io.previs.diffusion.runtime;

/** Receives decoded frames in order, one at a time, as interleaved 8-bit RGB (row-major, HWC). */
@FunctionalInterface
public interface FrameSink {

  void frame(int index, int width, int height, byte[] rgb) throws Exception;

  /**
   * A frame as the decoder produced it: planar RGB in [−1, 1], channel c of pixel p at {@code c *
   * width * height + p}. The sink owns the array, so it may convert it on a thread of its own and
   * leave the decoder's thread to feed the accelerator (a 720p frame's conversion is ~3 M element
   * operations). By default it is converted here, exactly as {@link #toRgb} does.
   */
  default void planarFrame(int index, int width, int height, float[] planar) throws Exception {
    byte[] rgb = new byte[width * height * 3];
    toRgb(planar, width * height, rgb);
    frame(index, width, height, rgb);
  }

  /** Planar [−1, 1] floats to interleaved 8-bit RGB. */
  static void toRgb(float[] planar, int pixels, byte[] rgb) {
    for (int ch = 0; ch < 3; ch++) {
      int base = ch * pixels;
      for (int p = 0; p < pixels; p++) {
        rgb[p * 3 + ch] = toByte(planar[base + p]);
      }
    }
  }

  /** [−1, 1] → [0, 255], rounding to nearest, clamped. */
  static byte toByte(double v) {
    long q = Math.round((v + 1.0) * 127.5);
    return (byte) (q < 0 ? 0 : q > 255 ? 255 : q);
  }
}
