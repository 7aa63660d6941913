package io.previs.media.color;

/**
 * A colour mapping on normalised RGB (nominally 0..1), evaluated in double precision. Grades are
 * composed from these and baked once per shot into a {@link Lut3d}, so a frame costs one LUT lookup
 * per pixel however many steps the grade has.
 */
@FunctionalInterface
public interface ColorFunction {

  /** Maps {@code rgb} in place. */
  void map(double[] rgb);

  ColorFunction IDENTITY = rgb -> {};

  default ColorFunction then(ColorFunction next) {
    if (this == IDENTITY) {
      return next;
    }
    if (next == IDENTITY) {
      return this;
    }
    return rgb -> {
      map(rgb);
      next.map(rgb);
    };
  }
}
