package io.previs.qccore.report;

/**
 * One face track and how it held up. Component scores are 0..1 with 1 perfect; {@code score} is
 * their minimum.
 *
 * @param firstFrame first frame the face was seen
 * @param lastFrame last frame the face was seen
 * @param detectedFrames frames where the cascade found it
 * @param presentFrames frames where it was found by its appearance alone
 * @param missingFrames frames inside the track where it could not be found at all
 * @param meanSize mean box side, fraction of the frame height
 * @param presence seen frames / frames from first to last
 * @param integrity lowest SSIM of the aligned face patch against the track's reference
 * @param geometry fraction of eye checks that found plausible eyes (1 when none found eyes)
 * @param stability 1 − the largest unexplained jump in face sizes (floored at 0)
 */
public record FaceTrackSummary(
    int id,
    int firstFrame,
    int lastFrame,
    int detectedFrames,
    int presentFrames,
    int missingFrames,
    double meanSize,
    double presence,
    double integrity,
    double geometry,
    double stability,
    double score) {}
