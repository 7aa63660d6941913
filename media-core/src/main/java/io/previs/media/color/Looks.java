package io.previs.media.color;

/**
 * Builds the named looks as functions on sRGB-encoded RGB and bakes them into 3D LUTs. The
 * operations are the classic grading primitives, in linear light where they are physical (white
 * balance, exposure) and in encoded values where they are perceptual (contrast, saturation).
 */
public final class Looks {

  /** Lattice size of a generated look: the size most show LUTs ship at. */
  public static final int DEFAULT_SIZE = 33;

  private Looks() {}

  public static Lut3d lut(Look look, int size) {
    return Lut3d.bake(look.id(), size, function(look));
  }

  public static Lut3d lut(Look look) {
    return lut(look, DEFAULT_SIZE);
  }

  public static ColorFunction function(Look look) {
    return switch (look) {
      case COLD_NIGHT ->
          linear(0.45 * 0.80, 0.45 * 0.92, 0.45 * 1.18)
              .then(saturation(0.55))
              .then(lift(0.015, 0.025, 0.05))
              .then(contrast(1.08, 0.4));
      case WARM_DUSK ->
          linear(1.10 * 1.14, 1.10 * 1.00, 1.10 * 0.76)
              .then(shoulderAll(0.75))
              .then(lift(0.02, 0.0, 0.025))
              .then(saturation(1.1));
      case BLEACH_BYPASS -> saturation(0.5).then(contrast(1.35, 0.45));
      case TEAL_ORANGE -> tealOrange();
    };
  }

  /** Per-channel gain in linear light (white balance and exposure in one). */
  static ColorFunction linear(double r, double g, double b) {
    return rgb -> {
      ColorMath.srgbToLinear(rgb);
      rgb[0] *= r;
      rgb[1] *= g;
      rgb[2] *= b;
      ColorMath.linearToSrgb(rgb);
    };
  }

  static ColorFunction shoulderAll(double knee) {
    return rgb -> {
      for (int c = 0; c < 3; c++) {
        rgb[c] = ColorMath.shoulder(rgb[c], knee);
      }
    };
  }

  /** Blends each channel with Rec.709 luma of the encoded values. */
  static ColorFunction saturation(double s) {
    return rgb -> {
      double y = ColorMath.luminance(rgb[0], rgb[1], rgb[2]);
      for (int c = 0; c < 3; c++) {
        rgb[c] = ColorMath.clamp01(y + (rgb[c] - y) * s);
      }
    };
  }

  /** Raises blacks toward the given colour, leaving white where it is. */
  static ColorFunction lift(double r, double g, double b) {
    double[] l = {r, g, b};
    return rgb -> {
      for (int c = 0; c < 3; c++) {
        rgb[c] = l[c] + (1 - l[c]) * rgb[c];
      }
    };
  }

  /** An S-curve through {@code pivot}: slope {@code k} there, ends pinned at 0 and 1. */
  static ColorFunction contrast(double k, double pivot) {
    return rgb -> {
      for (int c = 0; c < 3; c++) {
        double v = ColorMath.clamp01(rgb[c]);
        double out =
            v < pivot
                ? pivot * Math.pow(v / pivot, k)
                : 1 - (1 - pivot) * Math.pow((1 - v) / (1 - pivot), k);
        rgb[c] = out;
      }
    };
  }

  private static ColorFunction tealOrange() {
    ColorFunction base = contrast(1.12, 0.45);
    return rgb -> {
      base.map(rgb);
      double y = ColorMath.luminance(rgb[0], rgb[1], rgb[2]);
      // Shadow weight falls off through the mids; warm weight grows with how "skin" a hue is.
      double shadow = Math.max(0, 1 - y / 0.55);
      double warmth = ColorMath.clamp01((rgb[0] - rgb[2]) * 2.5);
      double[] teal = {-0.06, 0.02, 0.05};
      double[] orange = {0.05, 0.01, -0.05};
      for (int c = 0; c < 3; c++) {
        double push = teal[c] * shadow * (1 - warmth) + orange[c] * warmth * (1 - shadow * 0.5);
        rgb[c] = ColorMath.clamp01(rgb[c] + push);
      }
    };
  }
}
