package io.previs.media.color;

/**
 * Shot-to-shot matching: moves a shot's L*a*b* mean and spread to a reference shot's (Reinhard et
 * al., "Color Transfer between Images", 2001, eq. 11 applied in CIE Lab). Limits keep a match from
 * turning a deliberately different shot into a copy of the reference.
 */
public final class ShotMatch {

  /** The spread of each channel is scaled by at most this factor, or its inverse. */
  public static final double MAX_SPREAD_RATIO = 1.6;

  /** L* moves at most this far (0..100 scale): a cut from day to dusk keeps its brightness step. */
  public static final double MAX_LIGHTNESS_SHIFT = 20;

  /** a*, b* move at most this far: removes casts without repainting the scene. */
  public static final double MAX_CHROMA_SHIFT = 15;

  private ShotMatch() {}

  public static ColorFunction function(LabStats shot, LabStats reference) {
    double[] ms = shot.mean();
    double[] ss = shot.std();
    double[] mr = reference.mean();
    double[] sr = reference.std();
    double[] scale = new double[3];
    double[] target = new double[3];
    for (int c = 0; c < 3; c++) {
      double ratio = ss[c] < 1e-3 ? 1 : sr[c] / ss[c];
      scale[c] = Math.max(1 / MAX_SPREAD_RATIO, Math.min(MAX_SPREAD_RATIO, ratio));
      double limit = c == 0 ? MAX_LIGHTNESS_SHIFT : MAX_CHROMA_SHIFT;
      target[c] = ms[c] + Math.max(-limit, Math.min(limit, mr[c] - ms[c]));
    }
    return rgb -> {
      ColorMath.srgbToLinear(rgb);
      ColorMath.linearToLab(rgb);
      for (int c = 0; c < 3; c++) {
        rgb[c] = (rgb[c] - ms[c]) * scale[c] + target[c];
      }
      rgb[0] = Math.max(0, Math.min(100, rgb[0]));
      ColorMath.labToLinear(rgb);
      ColorMath.linearToSrgb(rgb);
    };
  }
}
