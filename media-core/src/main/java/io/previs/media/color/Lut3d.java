package io.previs.media.color;

/**
 * A 3D colour lookup table: {@code size}³ lattice points over a {@link Domain}, red varying fastest
 * (the order of .cube files). Values are output RGB, nominally 0..1.
 */
final class Lut3d {

  public static final int MIN_SIZE = 2;

  /** FFmpeg's limit too; 256³ is already 200 MB of floats. */
  public static final int MAX_SIZE = 256;

  private final String title;
  private final int size;
  private final Domain domain;
  private final float[] table;

  public Lut3d(String title, int size, Domain domain, float[] table) {
    if (size < MIN_SIZE || size > MAX_SIZE) {
      throw new IllegalArgumentException(
          "LUT_3D_SIZE " + size + " is out of range " + MIN_SIZE + ".." + MAX_SIZE);
    }
    long expected = 3L * size * size * size;
    if (table.length != expected) {
      throw new IllegalArgumentException(
          "a " + size + "³ LUT needs " + expected + " values, got " + table.length);
    }
    this.title = title == null ? "" : title;
    this.size = size;
    this.domain = domain;
    this.table = table;
  }

  /** Samples {@code f} at every lattice point of a {@code size}³ LUT over 0..1. */
  public static Lut3d bake(String title, int size, ColorFunction f) {
    float[] t = new float[3 * size * size * size];
    double[] rgb = new double[3];
    int i = 0;
    for (int b = 0; b < size; b++) {
      for (int g = 0; g < size; g++) {
        for (int r = 0; r < size; r++) {
          rgb[0] = (double) r / (size - 1);
          rgb[1] = (double) g / (size - 1);
          rgb[2] = (double) b / (size - 1);
          f.map(rgb);
          t[i++] = (float) rgb[0];
          t[i++] = (float) rgb[1];
          t[i++] = (float) rgb[2];
        }
      }
    }
    return new Lut3d(title, size, Domain.UNIT, t);
  }

  public static Lut3d identity(int size) {
    return bake("identity", size, ColorFunction.IDENTITY);
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

  /** Output channel {@code c} (0 R, 1 G, 2 B) at lattice point (r, g, b). */
  public float value(int r, int g, int b, int c) {
    return table[3 * (r + size * (g + size * b)) + c];
  }

  float[] table() {
    return table;
  }

  /** This LUT as a double-precision function (for composing grades and for tests). */
  public ColorFunction asFunction(Interpolation interpolation) {
    return rgb -> evaluate(rgb, interpolation);
  }

  /** This LUT applied to 8-bit frames. */
  public ColorTransform transform(Interpolation interpolation) {
    return new Lut3dTransform(this, interpolation);
  }

  /** Maps {@code rgb} (in domain units) in place. */
  public void evaluate(double[] rgb, Interpolation interpolation) {
    int n = size - 1;
    double sr = domain.normalise(0, rgb[0]) * n;
    double sg = domain.normalise(1, rgb[1]) * n;
    double sb = domain.normalise(2, rgb[2]) * n;
    if (interpolation == Interpolation.NEAREST) {
      int base = 3 * (near(sr) + size * (near(sg) + size * near(sb)));
      rgb[0] = table[base];
      rgb[1] = table[base + 1];
      rgb[2] = table[base + 2];
      return;
    }
    int r0 = Math.min((int) sr, n - 1);
    int g0 = Math.min((int) sg, n - 1);
    int b0 = Math.min((int) sb, n - 1);
    double dr = sr - r0;
    double dg = sg - g0;
    double db = sb - b0;
    int base = 3 * (r0 + size * (g0 + size * b0));
    int stepR = 3;
    int stepG = 3 * size;
    int stepB = 3 * size * size;
    for (int c = 0; c < 3; c++) {
      int o = base + c;
      rgb[c] =
          interpolation == Interpolation.TRILINEAR
              ? trilinear(table, o, stepR, stepG, stepB, dr, dg, db)
              : tetrahedral(table, o, stepR, stepG, stepB, dr, dg, db);
    }
  }

  private static int near(double x) {
    return (int) (x + 0.5);
  }

  static double trilinear(
      float[] t, int o, int sr, int sg, int sb, double dr, double dg, double db) {
    double c00 = t[o] + (t[o + sr] - t[o]) * dr;
    double c10 = t[o + sg] + (t[o + sg + sr] - t[o + sg]) * dr;
    double c01 = t[o + sb] + (t[o + sb + sr] - t[o + sb]) * dr;
    double c11 = t[o + sb + sg] + (t[o + sb + sg + sr] - t[o + sb + sg]) * dr;
    double c0 = c00 + (c10 - c00) * dg;
    double c1 = c01 + (c11 - c01) * dg;
    return c0 + (c1 - c0) * db;
  }

  /** Tetrahedral interpolation (Kasson et al. 1995), the six-tetrahedra split FFmpeg uses. */
  static double tetrahedral(
      float[] t, int o, int sr, int sg, int sb, double dr, double dg, double db) {
    double c000 = t[o];
    double c111 = t[o + sr + sg + sb];
    if (dr > dg) {
      if (dg > db) {
        return (1 - dr) * c000 + (dr - dg) * t[o + sr] + (dg - db) * t[o + sr + sg] + db * c111;
      } else if (dr > db) {
        return (1 - dr) * c000 + (dr - db) * t[o + sr] + (db - dg) * t[o + sr + sb] + dg * c111;
      } else {
        return (1 - db) * c000 + (db - dr) * t[o + sb] + (dr - dg) * t[o + sr + sb] + dg * c111;
      }
    } else {
      if (db > dg) {
        return (1 - db) * c000 + (db - dg) * t[o + sb] + (dg - dr) * t[o + sg + sb] + dr * c111;
      } else if (db > dr) {
        return (1 - dg) * c000 + (dg - db) * t[o + sg] + (db - dr) * t[o + sg + sb] + dr * c111;
      } else {
        return (1 - dg) * c000 + (dg - dr) * t[o + sg] + (dr - db) * t[o + sr + sg] + db * c111;
      }
    }
  }

  @Override
  public String toString() {
    return "Lut3d[" + (title.isEmpty() ? "" : title + ", ") + size + "³, " + domain + "]";
  }
}
