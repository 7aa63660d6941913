package io.previs.qccore.config;

/**
 * Face detection, tracking and the four face checks. Sizes are in face-box sizes or fractions of
 * the frame; similarities are SSIM or normalised cross-correlation, −1..1.
 *
 * @param enabled false skips face analysis entirely (and its cost)
 * @param scanInterval the whole frame is scanned for new faces every this many frames; tracked
 *     faces are looked for near their predicted box in every frame
 * @param minFaceHeight smallest face searched, as a fraction of the frame height at the analysis
 *     width (never below the cascade's 20 px)
 * @param minNeighbors the cascade's minNeighbors: higher finds fewer false faces and more misses
 * @param searchMargin a tracked face is looked for in its predicted box grown by this much of its
 *     size on every side
 * @param maxGap a track ends after this many frames without the face
 * @param minTrackDetections a track the cascade found in fewer frames than this is noise, not
 *     judged
 * @param presentSimilarity where the cascade misses a tracked face, its appearance (NCC against the
 *     track's reference) at least this near the prediction, with
 * @param presentHistogram a luma-histogram correlation against the reference at least this, means
 *     the face is still there; otherwise it is missing (face.vanish when it returns)
 * @param relocateSimilarity the appearance found this well (NCC) far from the prediction, with the
 *     histogram matching too, means the face jumped there
 * @param distortedHistogram a missing face whose luma histogram still correlates this well with its
 *     reference is there but spoilt beyond recognition: face.distortion, not face.vanish
 * @param distortionSsim face.distortion: SSIM of the aligned face patch against the track's
 *     reference below this
 * @param distortionDrop and at least this far below the track's recent normal SSIM (median of its
 *     last five undistorted frames)
 * @param distortionOnsetSsim and it starts or ends abruptly: the patch's SSIM against the previous
 *     frame's, going in or coming out, below this. A face turning or changing expression changes
 *     against its reference too, but smoothly frame to frame (animated and real footage: above
 *     0.63); a warp or smear arrives and leaves in one frame (the corpus: below 0.49)
 * @param jumpDisplacement face.jump: moved this many face sizes further in one frame than camera
 *     motion and its own velocity explain
 * @param jumpScale face.jump: |ln(size ratio)| in one frame beyond camera zoom at least this
 * @param geometryInterval eyes are checked on every this-many-th detection of a track
 * @param geometryMinFrames face.geometry needs this many eye checks in a row with only implausible
 *     eyes
 * @param eyeBandTop plausible eye centres lie at least this far down the face box (0 top, 1 bottom)
 * @param eyeBandBottom and at most this far down
 * @param eyeDistanceMin two eyes lie at least this far apart, in box widths
 * @param eyeDistanceMax and at most this far apart
 * @param eyeMaxTiltDegrees and the line through them tilts at most this much
 * @param confidentDetections a track the cascade itself found in fewer than this fraction of the
 *     frames it was seen in (the rest were found by appearance alone) is one the detector is unsure
 *     of: a side view, a small or dim face, a face-like texture. Its findings are warnings at most,
 *     so a person looks before any GPU time is spent on a re-render
 */
public record FaceConfig(
    boolean enabled,
    int scanInterval,
    double minFaceHeight,
    int minNeighbors,
    double searchMargin,
    int maxGap,
    int minTrackDetections,
    double presentSimilarity,
    double presentHistogram,
    double relocateSimilarity,
    double distortedHistogram,
    double distortionSsim,
    double distortionDrop,
    double jumpDisplacement,
    double jumpScale,
    int geometryInterval,
    int geometryMinFrames,
    double eyeBandTop,
    double eyeBandBottom,
    double eyeDistanceMin,
    double eyeDistanceMax,
    double eyeMaxTiltDegrees,
    double distortionOnsetSsim,
    double confidentDetections) {

  public FaceConfig {
    Validation.range("face.scanInterval", scanInterval, 1, 1000);
    Validation.range("face.minFaceHeight", minFaceHeight, 0.01, 1);
    Validation.range("face.minNeighbors", minNeighbors, 0, 50);
    Validation.range("face.searchMargin", searchMargin, 0.1, 3);
    Validation.range("face.maxGap", maxGap, 1, 1000);
    Validation.range("face.minTrackDetections", minTrackDetections, 1, 1000);
    Validation.range("face.presentSimilarity", presentSimilarity, -1, 1);
    Validation.range("face.presentHistogram", presentHistogram, -1, 1);
    Validation.range("face.relocateSimilarity", relocateSimilarity, -1, 1);
    Validation.range("face.distortedHistogram", distortedHistogram, -1, 1);
    Validation.range("face.distortionSsim", distortionSsim, -1, 1);
    Validation.range("face.distortionDrop", distortionDrop, 0, 2);
    Validation.range("face.distortionOnsetSsim", distortionOnsetSsim, -1, 1);
    Validation.range("face.jumpDisplacement", jumpDisplacement, 0.01, 100);
    Validation.range("face.jumpScale", jumpScale, 0.01, 10);
    Validation.range("face.geometryInterval", geometryInterval, 1, 1000);
    Validation.range("face.geometryMinFrames", geometryMinFrames, 1, 1000);
    Validation.range("face.eyeBandTop", eyeBandTop, 0, 1);
    Validation.range("face.eyeBandBottom", eyeBandBottom, eyeBandTop, 1);
    Validation.range("face.eyeDistanceMin", eyeDistanceMin, 0, 1);
    Validation.range("face.eyeDistanceMax", eyeDistanceMax, eyeDistanceMin, 2);
    Validation.range("face.eyeMaxTiltDegrees", eyeMaxTiltDegrees, 0, 90);
    Validation.range("face.confidentDetections", confidentDetections, 0, 1);
  }

  public static FaceConfig defaults() {
    return new FaceConfig(
        true, 6, 0.12, 3, 0.5, 8, 5, 0.6, 0.7, 0.8, 0.85, 0.7, 0.25, 0.35, 0.3, 2, 3, 0.12, 0.6,
        0.25, 0.65, 25, 0.55, 0.5);
  }
}
