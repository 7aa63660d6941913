package io.previs.media.pipeline;

/**
 * The size of the encoded clip: the source size, a scale of it, or exact pixels. Sizes are made
 * even (4:2:0 chroma needs it) and must stay within {@link #MAX_WIDTH}x{@link #MAX_HEIGHT}.
 */
public record OutputSize(int width, int height, double scale) {

  /** 8K UHD: the largest H.264 level 6.2 frame that is also a standard raster. */
  public static final int MAX_WIDTH = 7680;

  public static final int MAX_HEIGHT = 4320;
  public static final int MIN_SIDE = 16;

  public OutputSize {
    if (scale != 0 && !(scale >= 0.25 && scale <= 8)) {
      throw new IllegalArgumentException("output.scale " + scale + " is out of range 0.25..8");
    }
    if (scale == 0 && (width != 0 || height != 0)) {
      check(width, height);
    }
  }

  public static OutputSize source() {
    return new OutputSize(0, 0, 0);
  }

  public static OutputSize scale(double factor) {
    return new OutputSize(0, 0, factor);
  }

  public static OutputSize exact(int width, int height) {
    if ((width & 1) != 0 || (height & 1) != 0) {
      throw new IllegalArgumentException(
          "output size " + width + "x" + height + " must be even in both dimensions (yuv420p)");
    }
    return new OutputSize(width, height, 0);
  }

  /** The encoded size for a source of {@code w}x{@code h}. */
  public int[] resolve(int w, int h) {
    int ow;
    int oh;
    if (scale > 0) {
      ow = even(w * scale);
      oh = even(h * scale);
    } else if (width > 0) {
      ow = width;
      oh = height;
    } else {
      ow = even(w);
      oh = even(h);
    }
    check(ow, oh);
    return new int[] {ow, oh};
  }

  private static int even(double v) {
    return Math.max(2, 2 * (int) Math.round(v / 2));
  }

  private static void check(int w, int h) {
    if (w < MIN_SIDE || h < MIN_SIDE || w > MAX_WIDTH || h > MAX_HEIGHT) {
      throw new IllegalArgumentException(
          "output size "
              + w
              + "x"
              + h
              + " is unsupported: allowed "
              + MIN_SIDE
              + "x"
              + MIN_SIDE
              + " up to "
              + MAX_WIDTH
              + "x"
              + MAX_HEIGHT);
    }
  }

  @Override
  public String toString() {
    return scale > 0 ? "x" + scale : (width > 0 ? width + "x" + height : "source");
  }
}
