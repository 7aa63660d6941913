package io.previs.qccore.face;

import io.previs.qccore.config.FaceConfig;
import java.util.List;

/**
 * Whether detected eyes sit where a face has them: both in a band of the box's height, a plausible
 * distance apart and nearly level, their midpoint near the box's middle. A face turned part-way
 * (the frontal cascade still finds faces at about 30-45 degrees) has both eyes shifted towards one
 * side and closer together, so the nearer the midpoint is to a side, the closer the pair may be.
 * The eye cascade also fires on nostrils and mouth corners, so one plausible eye or pair makes the
 * frame plausible; only eyes with no plausible candidate among them make it implausible.
 */
final class FaceGeometry {

  enum Eyes {
    /** Not evaluated, or no eye found (closed eyes, turned head, small face). */
    UNKNOWN,
    PLAUSIBLE,
    IMPLAUSIBLE
  }

  /** The eyes' midpoint lies at most this far (box widths) off the box's middle. */
  static final double TURNED_OFFSET = 0.15;

  /** The least eye distance shrinks by this much per box width the midpoint is off the middle. */
  static final double FORESHORTENING = 1.5;

  private FaceGeometry() {}

  static Eyes evaluate(List<double[]> eyes, FaceConfig cfg) {
    if (eyes.isEmpty()) {
      return Eyes.UNKNOWN;
    }
    for (int i = 0; i < eyes.size(); i++) {
      for (int j = i + 1; j < eyes.size(); j++) {
        if (plausiblePair(eyes.get(i), eyes.get(j), cfg)) {
          return Eyes.PLAUSIBLE;
        }
      }
    }
    if (eyes.size() == 1 && inBand(eyes.get(0), cfg)) {
      return Eyes.PLAUSIBLE;
    }
    return Eyes.IMPLAUSIBLE;
  }

  private static boolean plausiblePair(double[] a, double[] b, FaceConfig cfg) {
    double[] left = a[0] <= b[0] ? a : b;
    double[] right = a[0] <= b[0] ? b : a;
    double dx = right[0] - left[0];
    double dy = right[1] - left[1];
    double dist = Math.hypot(dx, dy);
    double tilt = Math.toDegrees(Math.abs(Math.atan2(dy, dx)));
    // how far the pair's midpoint is off the middle: 0 frontal, TURNED_OFFSET at the most
    double offset = Math.abs((left[0] + right[0]) / 2 - 0.5);
    return inBand(left, cfg)
        && inBand(right, cfg)
        && offset <= TURNED_OFFSET
        && dist >= cfg.eyeDistanceMin() * (1 - FORESHORTENING * offset)
        && dist <= cfg.eyeDistanceMax()
        && tilt <= cfg.eyeMaxTiltDegrees();
  }

  private static boolean inBand(double[] eye, FaceConfig cfg) {
    return eye[1] >= cfg.eyeBandTop() && eye[1] <= cfg.eyeBandBottom();
  }
}
