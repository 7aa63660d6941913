package io.previs.media.color;

import java.util.Locale;

/** How a 3D LUT is read between its lattice points (the names FFmpeg's {@code lut3d} uses). */
public enum Interpolation {
  NEAREST,
  /** Seven lerps over the enclosing cube: smooth, slightly soft on the grey axis. */
  TRILINEAR,
  /**
   * Four lattice points of one of the six tetrahedra that share the cube's grey diagonal: neutral
   * stays neutral, and it is what most grading tools use.
   */
  TETRAHEDRAL;

  public static Interpolation parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "interpolation must be nearest, trilinear or tetrahedral, got '" + s + "'", e);
    }
  }
}
