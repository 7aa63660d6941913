package io.previs.qccore;

import io.previs.qccore.face.ProtectedGallery;

/**
 * What QC needs to know about a clip beyond its frames.
 *
 * @param clipId carried into the report (a job or shard id, or a file name)
 * @param expectMotion the prompt asked for motion: a static clip is then a finding
 * @param fps frame rate for the push API, where no container says it; ignored when decoding a file
 *     (the container's rate is used); 0 when unknown (times in findings are then 0)
 * @param gallery protected faces to compare the clip's faces with (the likeness check runs even
 *     where a profile turns face checks off); null or empty for none
 */
public record ClipContext(
    String clipId, boolean expectMotion, double fps, ProtectedGallery gallery) {

  public static ClipContext of(String clipId) {
    return new ClipContext(clipId, false, 0, null);
  }

  public ClipContext withExpectMotion(boolean expect) {
    return new ClipContext(clipId, expect, fps, gallery);
  }

  public ClipContext withFps(double f) {
    return new ClipContext(clipId, expectMotion, f, gallery);
  }

  public ClipContext withGallery(ProtectedGallery g) {
    return new ClipContext(clipId, expectMotion, fps, g);
  }

  boolean checksLikeness() {
    return gallery != null && !gallery.isEmpty();
  }
}
