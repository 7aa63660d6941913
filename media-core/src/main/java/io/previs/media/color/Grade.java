package io.previs.media.color;

import java.util.Optional;

/**
 * Everything done to one shot's colour, composed into a single per-pixel transform: normalisation
 * (white balance, exposure), then the match to the reference shot, then the show LUT or look.
 *
 * <p>A lone LUT is applied as it is (what the FFmpeg comparison validates) and a lone normalisation
 * as exact 8-bit curves; anything combined is baked once per shot into one 3D LUT, so the per-pixel
 * cost stays one lookup however many steps there are.
 */
public final class Grade {

  /** Lattice of a baked grade: fine enough that the bake adds well under 1/255 to smooth grades. */
  public static final int BAKE_SIZE = 33;

  private Grade() {}

  /** Returns empty when the grade does nothing. */
  public static Optional<ColorTransform> compose(
      Normalisation normalisation,
      ColorFunction match,
      Optional<CubeLut> lut,
      Interpolation interpolation) {
    boolean norm = normalisation != null && !normalisation.isIdentity();
    boolean matching = match != null && match != ColorFunction.IDENTITY;
    if (!norm && !matching) {
      return lut.map(l -> l.transform(interpolation));
    }
    if (norm && !matching && lut.isEmpty()) {
      return Optional.of(normalisation.transform());
    }
    ColorFunction f = norm ? normalisation.function() : ColorFunction.IDENTITY;
    if (matching) {
      f = f.then(match);
    }
    if (lut.isPresent()) {
      f = f.then(lut.get().asFunction(interpolation));
    }
    return Optional.of(Lut3d.bake("grade", BAKE_SIZE, f).transform(interpolation));
  }
}
