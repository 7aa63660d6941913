package io.previs.media.color;

/**
 * sRGB/Rec.709 primaries, D65 white: transfer functions, luminance and CIE L*a*b*. Frames are
 * treated as sRGB-encoded, which is what the diffusion VAE emits.
 */
final class ColorMath {

  private ColorMath() {}

  public static double toLinear(double v) {
    return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  }

  public static double toSrgb(double v) {
    if (v <= 0) {
      return 0;
    }
    return v <= 0.0031308 ? 12.92 * v : 1.055 * Math.pow(v, 1 / 2.4) - 0.055;
  }

  /** Relative luminance of linear Rec.709 RGB. */
  public static double luminance(double r, double g, double b) {
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }

  private static final double XN = 0.95047;
  private static final double ZN = 1.08883;

  /** Linear RGB to L*a*b* in place. */
  public static void linearToLab(double[] v) {
    double x = (0.4124564 * v[0] + 0.3575761 * v[1] + 0.1804375 * v[2]) / XN;
    double y = 0.2126729 * v[0] + 0.7151522 * v[1] + 0.0721750 * v[2];
    double z = (0.0193339 * v[0] + 0.1191920 * v[1] + 0.9503041 * v[2]) / ZN;
    double fx = f(x);
    double fy = f(y);
    double fz = f(z);
    v[0] = 116 * fy - 16;
    v[1] = 500 * (fx - fy);
    v[2] = 200 * (fy - fz);
  }

  /** L*a*b* to linear RGB in place (may leave the gamut; callers clamp). */
  public static void labToLinear(double[] v) {
    double fy = (v[0] + 16) / 116;
    double fx = fy + v[1] / 500;
    double fz = fy - v[2] / 200;
    double x = finv(fx) * XN;
    double y = finv(fy);
    double z = finv(fz) * ZN;
    v[0] = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
    v[1] = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
    v[2] = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
  }

  private static double f(double t) {
    return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
  }

  private static double finv(double t) {
    double t3 = t * t * t;
    return t3 > 216.0 / 24389 ? t3 : (116 * t - 16) / (24389.0 / 27);
  }

  public static double clamp01(double v) {
    return v < 0 ? 0 : (v > 1 ? 1 : v);
  }

  /** Encoded sRGB in place to linear. */
  public static void srgbToLinear(double[] v) {
    for (int c = 0; c < 3; c++) {
      v[c] = toLinear(v[c]);
    }
  }

  /** Linear in place to encoded sRGB, clamped to 0..1. */
  public static void linearToSrgb(double[] v) {
    for (int c = 0; c < 3; c++) {
      v[c] = clamp01(toSrgb(v[c]));
    }
  }

  /**
   * Identity below {@code knee}, then a smooth shoulder that approaches 1 without clipping, so
   * exposure gains do not flatten highlights into a white blob.
   */
  public static double shoulder(double v, double knee) {
    if (v <= knee) {
      return v;
    }
    double room = 1 - knee;
    double over = v - knee;
    return knee + room * over / (over + room);
  }
}
