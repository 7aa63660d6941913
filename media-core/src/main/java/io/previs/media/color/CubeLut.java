package io.previs.media.color;

import java.util.Optional;

/**
 * The contents of a .cube file: a 1D LUT, a 3D LUT, or both (Resolve's shaper + cube layout, where
 * the 1D table comes first and is applied first).
 */
public record CubeLut(String title, Optional<Lut1d> lut1d, Optional<Lut3d> lut3d) {

  public CubeLut {
    if (lut1d.isEmpty() && lut3d.isEmpty()) {
      throw new IllegalArgumentException("a .cube LUT has a 1D table, a 3D table, or both");
    }
  }

  public static CubeLut of(Lut3d lut) {
    return new CubeLut(lut.title(), Optional.empty(), Optional.of(lut));
  }

  public static CubeLut of(Lut1d lut) {
    return new CubeLut(lut.title(), Optional.of(lut), Optional.empty());
  }

  public ColorFunction asFunction(Interpolation interpolation) {
    ColorFunction f = ColorFunction.IDENTITY;
    if (lut1d.isPresent()) {
      f = f.then(lut1d.get().asFunction());
    }
    if (lut3d.isPresent()) {
      f = f.then(lut3d.get().asFunction(interpolation));
    }
    return f;
  }

  /**
   * The LUT for 8-bit frames: applied exactly when it is a single table, baked into one 3D LUT (at
   * the 3D table's size, at least 33) when a shaper precedes the cube.
   */
  public ColorTransform transform(Interpolation interpolation) {
    if (lut3d.isEmpty()) {
      return lut1d.get().transform();
    }
    if (lut1d.isEmpty()) {
      return lut3d.get().transform(interpolation);
    }
    int size = Math.max(33, lut3d.get().size());
    return Lut3d.bake(title, size, asFunction(interpolation)).transform(interpolation);
  }
}
