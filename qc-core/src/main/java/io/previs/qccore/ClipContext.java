package io.previs.qccore;

/**
 * What QC needs to know about a clip beyond its frames.
 *
 * @param clipId carried into the report (a job or shard id, or a file name)
 * @param expectMotion the prompt asked for motion: a static clip is then a finding
 * @param fps frame rate for the push API, where no container says it; ignored when decoding a file
 *     (the container's rate is used); 0 when unknown (times in findings are then 0)
 */
public record ClipContext(String clipId, boolean expectMotion, double fps) {

  public static ClipContext of(String clipId) {
    return new ClipContext(clipId, false, 0);
  }

  public ClipContext withExpectMotion(boolean expect) {
    return new ClipContext(clipId, expect, fps);
  }

  public ClipContext withFps(double f) {
    return new ClipContext(clipId, expectMotion, f);
  }
}
