package io.previs.media.frames;

import java.util.Arrays;

/**
 * One video frame as packed 8-bit BGR, row-major, without row padding: the layout of OpenCV's
 * {@code CV_8UC3} and FFmpeg's {@code bgr24}, so frames cross into either without a channel swap.
 * Mutable on purpose: stages that own a frame may write it in place instead of allocating a new 6
 * MiB (1080p) or 25 MiB (4K) array per frame.
 */
public final class BgrFrame {

  private final int width;
  private final int height;
  private final byte[] data;

  public BgrFrame(int width, int height) {
    this(width, height, new byte[checkedSize(width, height)]);
  }

  public BgrFrame(int width, int height, byte[] data) {
    int size = checkedSize(width, height);
    if (data.length != size) {
      throw new IllegalArgumentException(
          "frame " + width + "x" + height + " needs " + size + " bytes, got " + data.length);
    }
    this.width = width;
    this.height = height;
    this.data = data;
  }

  private static int checkedSize(int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("frame size must be positive: " + width + "x" + height);
    }
    long size = 3L * width * height;
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("frame " + width + "x" + height + " is too large");
    }
    return (int) size;
  }

  /** A frame from packed RGB bytes (the order test data and most images use). */
  public static BgrFrame fromRgb(int width, int height, byte[] rgb) {
    BgrFrame f = new BgrFrame(width, height);
    byte[] d = f.data;
    for (int i = 0; i < d.length; i += 3) {
      d[i] = rgb[i + 2];
      d[i + 1] = rgb[i + 1];
      d[i + 2] = rgb[i];
    }
    return f;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** The pixels, B G R per pixel; the array is shared, not copied. */
  public byte[] data() {
    return data;
  }

  public int red(int x, int y) {
    return data[3 * (y * width + x) + 2] & 0xff;
  }

  public int green(int x, int y) {
    return data[3 * (y * width + x) + 1] & 0xff;
  }

  public int blue(int x, int y) {
    return data[3 * (y * width + x)] & 0xff;
  }

  public void setRgb(int x, int y, int r, int g, int b) {
    int i = 3 * (y * width + x);
    data[i] = (byte) b;
    data[i + 1] = (byte) g;
    data[i + 2] = (byte) r;
  }

  public byte[] toRgb() {
    byte[] rgb = new byte[data.length];
    for (int i = 0; i < data.length; i += 3) {
      rgb[i] = data[i + 2];
      rgb[i + 1] = data[i + 1];
      rgb[i + 2] = data[i];
    }
    return rgb;
  }

  public BgrFrame copy() {
    return new BgrFrame(width, height, data.clone());
  }

  public boolean sameSize(BgrFrame other) {
    return width == other.width && height == other.height;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BgrFrame f
        && f.width == width
        && f.height == height
        && Arrays.equals(f.data, data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "BgrFrame[" + width + "x" + height + "]";
  }
}
