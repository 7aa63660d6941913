package io.previs.media.color;

import io.previs.media.frames.BgrFrame;

/**
 * A 1D LUT: one curve per channel, {@code size} entries over a {@link Domain}, read with linear
 * interpolation. Applied to 8-bit frames through a 256-entry table per channel.
 */
final class Lut1d {

  public static final int MIN_SIZE = 2;
  public static final int MAX_SIZE = 65536;

  private final String title;
  private final int size;
  private final Domain domain;
  private final float[] table;

  /**
   * @param table {@code size} entries of R G B, interleaved as in a .cube file
   */
  public Lut1d(String title, int size, Domain domain, float[] table) {
    if (size < MIN_SIZE || size > MAX_SIZE) {
      throw new IllegalArgumentException(
          "LUT_1D_SIZE " + size + " is out of range " + MIN_SIZE + ".." + MAX_SIZE);
    }
    if (table.length != 3 * size) {
      throw new IllegalArgumentException(
          "a 1D LUT of " + size + " entries needs " + 3 * size + " values, got " + table.length);
    }
    this.title = title == null ? "" : title;
    this.size = size;
    this.domain = domain;
    this.table = table;
  }

  public String title() {
    return title;
  }

  public int size() {
    return size;
  }

  public Domain domain() {
    return domain;
  }

  public float value(int index, int channel) {
    return table[3 * index + channel];
  }

  /** Maps {@code rgb} (domain units) in place. */
  public void evaluate(double[] rgb) {
    for (int c = 0; c < 3; c++) {
      rgb[c] = channel(c, rgb[c]);
    }
  }

  double channel(int c, double v) {
    double s = domain.normalise(c, v) * (size - 1);
    int i0 = Math.min((int) s, size - 2);
    double d = s - i0;
    float a = table[3 * i0 + c];
    float b = table[3 * (i0 + 1) + c];
    return a + (b - a) * d;
  }

  public ColorFunction asFunction() {
    return this::evaluate;
  }

  public ColorTransform transform() {
    byte[][] curves = new byte[3][256];
    for (int c = 0; c < 3; c++) {
      for (int v = 0; v < 256; v++) {
        curves[c][v] = Lut3dTransform.to8((float) channel(c, v / 255.0));
      }
    }
    return (src, dst) -> applyCurves(curves[0], curves[1], curves[2], src, dst);
  }

  /** Applies per-channel 8-bit curves (R, G, B) to a BGR frame. */
  static void applyCurves(byte[] r, byte[] g, byte[] b, BgrFrame src, BgrFrame dst) {
    if (!src.sameSize(dst)) {
      throw new IllegalArgumentException("curve source " + src + " and target " + dst + " differ");
    }
    byte[] s = src.data();
    byte[] d = dst.data();
    for (int i = 0; i < s.length; i += 3) {
      d[i] = b[s[i] & 0xff];
      d[i + 1] = g[s[i + 1] & 0xff];
      d[i + 2] = r[s[i + 2] & 0xff];
    }
  }

  @Override
  public String toString() {
    return "Lut1d[" + (title.isEmpty() ? "" : title + ", ") + size + ", " + domain + "]";
  }
}
