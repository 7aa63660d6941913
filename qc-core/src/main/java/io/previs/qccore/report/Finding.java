package io.previs.qccore.report;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One problem in one place. Every check's score is oriented so that {@code score ≥ threshold} is
 * what raised the finding; docs/QC.md says what each check's score measures.
 *
 * @param firstFrame first frame involved (0-based, inclusive)
 * @param lastFrame last frame involved (inclusive)
 * @param startSeconds {@code firstFrame / fps}
 * @param endSeconds {@code (lastFrame + 1) / fps}
 * @param trackId the face track, for face checks; null otherwise
 */
public record Finding(
    Check check,
    Severity severity,
    double score,
    double threshold,
    int firstFrame,
    int lastFrame,
    double startSeconds,
    double endSeconds,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer trackId,
    String message) {

  public boolean contains(int frame, int tolerance) {
    return frame >= firstFrame - tolerance && frame <= lastFrame + tolerance;
  }
}
