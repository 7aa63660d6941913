package io.previs.qccore.config;

/**
 * Thresholds of the inter-frame similarity checks (luma at the analysis width). Levels are 8-bit
 * luma, 0..255. docs/QC.md explains each with its default.
 *
 * @param blackPixelLevel a pixel at or below this luma is black (ffmpeg blackdetect's pix_th 0.10)
 * @param blackFrameRatio a frame with at least this fraction of black pixels is black (pic_th)
 * @param blankFrameRatio a frame with at least this fraction of pixels within ±8 levels of its mean
 *     is blank (uniform, any brightness)
 * @param cutMinDissimilarity structural evidence of a cut: 1 − SSIM of the pair at least this
 * @param cutMinHistogramDistance colour evidence of a cut: 1 − histogram correlation at least this
 * @param cutCertainDissimilarity 1 − SSIM at or above this is structural evidence whatever the
 *     clip's usual level (a fast clip's usual 0.2 times cutRatio would otherwise demand 0.8)
 * @param cutCertainHistogramDistance likewise for 1 − histogram correlation
 * @param cutMinWarpError motion evidence of a cut: warp error at least this many levels, or
 * @param cutMinMotion the whole view moving at least this far (% of width) in that pair alone
 * @param cutSigmas each piece of evidence must also be this many noise standard deviations (from
 *     successive differences) above the median of the pairs around it
 * @param cutRatio and this many times that median
 * @param flickerMinLevels a frame flickers when brightness (motion-compensated) or colour balance
 *     swings by at least this many levels away from both neighbours and back
 * @param flickerSigmas and by this many robust standard deviations above the clip's typical swing
 * @param flickerMaxWarpRatio brightness is not judged across a pair whose warp error is above this
 *     many times the clip's median (and above cutMinWarpError): motion compensation failed there
 *     (fast motion, blur, an occluder pulling away), so the measured change is newly revealed
 *     content, not light
 * @param freezeMaxDiff a pair is identical (up to codec noise) when its mean absolute luma
 *     difference is at most this
 * @param freezeQuietDiff a pair differing at most this much, and
 * @param freezeMaxMotion moving at most this much (mean flow, % of width), is quiet: it may sit
 *     inside a freeze (a keyframe re-encoding the frozen picture), if a third of the run is
 *     identical
 * @param freezeMinFrames a freeze is reported when at least this many consecutive frames are equal
 * @param freezeMaxClipFraction no freeze is reported when this fraction of the clip's pairs are
 *     identical or more: the shot is static by design (see flow.static for prompts asking motion)
 * @param flashMinRise a flash brightens the picture's mean luma by at least this many levels
 * @param flashMaxFrames and lasts at most this many frames before the picture returns
 * @param flashReturnCorrelation the picture after it must match the one before it at least this
 *     well (gain-normalised correlation of 32-pixel-wide thumbnails): the content returns
 * @param flashMinCorrelation and the bright frames must still show the same picture at least this
 *     well: a frame of another shot inserted between two of this one is two cuts, not a flash
 */
public record SimilarityConfig(
    int blackPixelLevel,
    double blackFrameRatio,
    double blankFrameRatio,
    double cutMinDissimilarity,
    double cutMinHistogramDistance,
    double cutCertainDissimilarity,
    double cutCertainHistogramDistance,
    double cutMinWarpError,
    double cutMinMotion,
    double cutSigmas,
    double cutRatio,
    double flickerMinLevels,
    double flickerSigmas,
    double flickerMaxWarpRatio,
    double freezeMaxDiff,
    double freezeQuietDiff,
    double freezeMaxMotion,
    int freezeMinFrames,
    double freezeMaxClipFraction,
    double flashMinRise,
    int flashMaxFrames,
    double flashReturnCorrelation,
    double flashMinCorrelation) {

  public SimilarityConfig {
    Validation.range("similarity.blackPixelLevel", blackPixelLevel, 0, 254);
    Validation.range("similarity.blackFrameRatio", blackFrameRatio, 0.5, 1);
    Validation.range("similarity.blankFrameRatio", blankFrameRatio, 0.5, 1);
    Validation.range("similarity.cutMinDissimilarity", cutMinDissimilarity, 0, 1);
    Validation.range("similarity.cutMinHistogramDistance", cutMinHistogramDistance, 0, 2);
    Validation.range("similarity.cutCertainDissimilarity", cutCertainDissimilarity, 0, 1);
    Validation.range("similarity.cutCertainHistogramDistance", cutCertainHistogramDistance, 0, 2);
    Validation.range("similarity.cutMinWarpError", cutMinWarpError, 0, 255);
    Validation.range("similarity.cutMinMotion", cutMinMotion, 0, 100);
    Validation.range("similarity.cutSigmas", cutSigmas, 0, 100);
    Validation.range("similarity.cutRatio", cutRatio, 1, 100);
    Validation.range("similarity.flickerMinLevels", flickerMinLevels, 0.1, 255);
    Validation.range("similarity.flickerSigmas", flickerSigmas, 0, 100);
    Validation.range("similarity.flickerMaxWarpRatio", flickerMaxWarpRatio, 1, 1000);
    Validation.range("similarity.freezeMaxDiff", freezeMaxDiff, 0, 255);
    Validation.range("similarity.freezeQuietDiff", freezeQuietDiff, 0, 255);
    Validation.range("similarity.freezeMaxMotion", freezeMaxMotion, 0, 100);
    Validation.range("similarity.freezeMinFrames", freezeMinFrames, 2, 10_000);
    Validation.range("similarity.freezeMaxClipFraction", freezeMaxClipFraction, 0, 1);
    Validation.range("similarity.flashMinRise", flashMinRise, 1, 255);
    // the analyzer keeps the last five thumbnails: a flash of four frames and the one before it
    Validation.range("similarity.flashMaxFrames", flashMaxFrames, 1, 4);
    Validation.range("similarity.flashReturnCorrelation", flashReturnCorrelation, -1, 1);
    Validation.range("similarity.flashMinCorrelation", flashMinCorrelation, -1, 1);
  }

  public static SimilarityConfig defaults() {
    return new SimilarityConfig(
        25, 0.98, 0.98, 0.1, 0.05, 0.6, 0.5, 4, 3, 6, 4, 3, 6, 3, 0.05, 1.0, 0.2, 3, 0.5, 15, 4,
        0.9, 0.5);
  }
}
