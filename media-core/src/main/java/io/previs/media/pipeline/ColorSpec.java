package io.previs.media.pipeline;

import io.previs.media.color.Interpolation;
import io.previs.media.color.Look;
import java.nio.file.Path;

/**
 * Colour settings.
 *
 * @param lutFile a show LUT (.cube, 1D or 3D), or null
 * @param look a generated look, or null; not together with {@code lutFile}
 * @param interpolation how 3D LUTs are read (default tetrahedral)
 * @param whiteBalance grey-world white balance per shot
 * @param exposure exposure normalisation per shot (to middle grey, at most ±1.5 stops)
 * @param shotMatch match every shot's Lab statistics to the reference shot's
 * @param referenceShot 0-based index of that shot
 */
public record ColorSpec(
    Path lutFile,
    Look look,
    Interpolation interpolation,
    boolean whiteBalance,
    boolean exposure,
    boolean shotMatch,
    int referenceShot) {

  public static final ColorSpec NONE =
      new ColorSpec(null, null, Interpolation.TETRAHEDRAL, false, false, false, 0);

  public ColorSpec {
    if (lutFile != null && look != null) {
      throw new IllegalArgumentException("color.lutFile and color.look are exclusive: give one");
    }
    if (interpolation == null) {
      interpolation = Interpolation.TETRAHEDRAL;
    }
    if (referenceShot < 0) {
      throw new IllegalArgumentException("color.referenceShot must be ≥ 0, got " + referenceShot);
    }
  }

  boolean analyses() {
    return whiteBalance || exposure || shotMatch;
  }
}
