package io.previs.media.pipeline;

import io.previs.media.color.ColorFunction;
import io.previs.media.color.ColorTransform;
import io.previs.media.color.CubeLut;
import io.previs.media.color.Grade;
import io.previs.media.color.LabStats;
import io.previs.media.color.Normalisation;
import io.previs.media.color.ShotMatch;
import io.previs.media.frames.BgrFrame;
import java.util.List;
import java.util.Optional;

/** One shot's colour decision, made from its first frames. */
record ShotGrade(Normalisation normalisation, LabStats stats, Optional<ColorTransform> transform) {

  /** Statistics of a shot after its own normalisation: what shot matching compares. */
  static ShotGrade analyse(List<BgrFrame> window, ColorSpec color) {
    Normalisation n = Normalisation.estimate(window, color.whiteBalance(), color.exposure());
    LabStats stats =
        color.shotMatch() ? LabStats.measure(window, n.isIdentity() ? null : n.transform()) : null;
    return new ShotGrade(n, stats, Optional.empty());
  }

  /** The transform for this shot, matched to {@code reference} when matching is on. */
  ShotGrade withTransform(
      ColorSpec color, LabStats reference, Optional<CubeLut> lut, boolean isReference) {
    ColorFunction match =
        color.shotMatch() && !isReference ? ShotMatch.function(stats, reference) : null;
    return new ShotGrade(
        normalisation, stats, Grade.compose(normalisation, match, lut, color.interpolation()));
  }
}
