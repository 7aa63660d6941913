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
 * @param prompt what the shot asked for, or null: its words set expectations (a storm expects
 *     flashes, an empty street no faces; see {@link io.previs.qccore.config.ExpectationConfig})
 */
public record ClipContext(
    String clipId, boolean expectMotion, double fps, ProtectedGallery gallery, String prompt) {

  public ClipContext(String clipId, boolean expectMotion, double fps, ProtectedGallery gallery) {
    this(clipId, expectMotion, fps, gallery, null);
  }

  public static ClipContext of(String clipId) {
    return new ClipContext(clipId, false, 0, null, null);
  }

  public ClipContext withExpectMotion(boolean expect) {
    return new ClipContext(clipId, expect, fps, gallery, prompt);
  }

  public ClipContext withFps(double f) {
    return new ClipContext(clipId, expectMotion, f, gallery, prompt);
  }

  public ClipContext withGallery(ProtectedGallery g) {
    return new ClipContext(clipId, expectMotion, fps, g, prompt);
  }

  public ClipContext withPrompt(String p) {
    return new ClipContext(clipId, expectMotion, fps, gallery, p);
  }

  boolean checksLikeness() {
    return gallery != null && !gallery.isEmpty();
  }
}
