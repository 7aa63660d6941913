package io.previs.media.color;

import io.previs.media.frames.BgrFrame;
import java.util.List;

/**
 * White balance and exposure normalisation of one shot: a gain per channel in linear light, found
 * from the shot's own pixels (grey world for white balance, log-average luminance for exposure),
 * with a highlight shoulder so a brightened shot does not clip.
 *
 * @param gains linear-light gain for R, G, B (exposure included)
 */
public record Normalisation(double[] gains) {

  /** Scene key a normalised shot is brought to: middle grey. */
  public static final double TARGET_KEY = 0.18;

  /** Exposure moves at most this many stops either way: a night shot stays a night shot. */
  public static final double MAX_STOPS = 1.5;

  /** White-balance gains stay in this range per channel: a sunset is warmed down, not erased. */
  public static final double MIN_WB_GAIN = 0.6;

  public static final double MAX_WB_GAIN = 1.6;

  /** Below this linear luminance a pixel says nothing about the illuminant. */
  static final double DARK = 0.01;

  /** Pixels with a channel at or above this 8-bit value are clipped and carry no colour. */
  static final int CLIPPED = 250;

  static final int SAMPLE_STEP = 4;

  public static final Normalisation NONE = new Normalisation(new double[] {1, 1, 1});

  public Normalisation {
    gains = gains.clone();
  }

  @Override
  public double[] gains() {
    return gains.clone();
  }

  public boolean isIdentity() {
    return gains[0] == 1 && gains[1] == 1 && gains[2] == 1;
  }

  /** Estimates white balance and/or exposure from frames of one shot (every 4th pixel). */
  public static Normalisation estimate(
      List<BgrFrame> frames, boolean whiteBalance, boolean exposure) {
    if (frames.isEmpty() || !(whiteBalance || exposure)) {
      return NONE;
    }
    double[] lin = new double[256];
    for (int v = 0; v < 256; v++) {
      lin[v] = ColorMath.toLinear(v / 255.0);
    }
    double sr = 0;
    double sg = 0;
    double sb = 0;
    long wbCount = 0;
    double logSum = 0;
    long logCount = 0;
    for (BgrFrame f : frames) {
      byte[] d = f.data();
      for (int y = 0; y < f.height(); y += SAMPLE_STEP) {
        for (int x = 0; x < f.width(); x += SAMPLE_STEP) {
          int i = 3 * (y * f.width() + x);
          int b8 = d[i] & 0xff;
          int g8 = d[i + 1] & 0xff;
          int r8 = d[i + 2] & 0xff;
          double r = lin[r8];
          double g = lin[g8];
          double b = lin[b8];
          double lum = ColorMath.luminance(r, g, b);
          logSum += Math.log(Math.max(lum, 1e-4));
          logCount++;
          if (lum >= DARK && r8 < CLIPPED && g8 < CLIPPED && b8 < CLIPPED) {
            sr += r;
            sg += g;
            sb += b;
            wbCount++;
          }
        }
      }
    }
    double[] gains = {1, 1, 1};
    if (whiteBalance && wbCount > 0) {
      double[] mean = {sr / wbCount, sg / wbCount, sb / wbCount};
      double y = ColorMath.luminance(mean[0], mean[1], mean[2]);
      for (int c = 0; c < 3; c++) {
        gains[c] = clamp(y / Math.max(mean[c], 1e-6), MIN_WB_GAIN, MAX_WB_GAIN);
      }
    }
    if (exposure && logCount > 0) {
      double key = Math.exp(logSum / logCount);
      double limit = Math.pow(2, MAX_STOPS);
      double e = clamp(TARGET_KEY / key, 1 / limit, limit);
      for (int c = 0; c < 3; c++) {
        gains[c] *= e;
      }
    }
    return new Normalisation(gains);
  }

  public ColorFunction function() {
    if (isIdentity()) {
      return ColorFunction.IDENTITY;
    }
    boolean brightens = Math.max(gains[0], Math.max(gains[1], gains[2])) > 1;
    return rgb -> {
      for (int c = 0; c < 3; c++) {
        double v = ColorMath.toLinear(ColorMath.clamp01(rgb[c])) * gains[c];
        rgb[c] = ColorMath.clamp01(ColorMath.toSrgb(brightens ? ColorMath.shoulder(v, 0.8) : v));
      }
    };
  }

  /** Per-channel 8-bit curves: exact for 8-bit input, three table reads per pixel. */
  public ColorTransform transform() {
    ColorFunction f = function();
    byte[][] curves = new byte[3][256];
    double[] rgb = new double[3];
    for (int v = 0; v < 256; v++) {
      rgb[0] = rgb[1] = rgb[2] = v / 255.0;
      f.map(rgb);
      for (int c = 0; c < 3; c++) {
        curves[c][v] = Lut3dTransform.to8((float) rgb[c]);
      }
    }
    return (src, dst) -> Lut1d.applyCurves(curves[0], curves[1], curves[2], src, dst);
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
