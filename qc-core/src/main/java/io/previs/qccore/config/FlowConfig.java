package io.previs.qccore.config;

/**
 * Thresholds of the optical-flow checks. Motion is in percent of the frame width per frame (so 1.0
 * at 16 fps crosses the frame in about 6 s); warp error in 8-bit luma levels.
 *
 * @param warpErrorMinLevels a warp-error spike needs at least this residual
 * @param warpErrorSigmas and this many noise standard deviations (from successive differences)
 *     above the median of the pairs around it
 * @param warpErrorRatio and this many times that median
 * @param jitterMin a pair jitters when its flow field changed by at least this (mean vector
 *     difference to the previous pair's field)
 * @param jitterSigmas and this many robust standard deviations above the clip's median change
 * @param jitterMinPairs a jitter finding needs this many jittering pairs within five
 * @param reversalCosine flow direction flips when the cosine between consecutive fields is at most
 *     minus this
 * @param reversalMinMotion both fields must move at least this much (mean magnitude)
 * @param reversalMaxFrames motion that runs backwards longer than this is a choice, not a glitch
 * @param dynamicThreshold a pair is moving when the mean of its largest 5 % flow magnitudes is at
 *     least this (VBench's dynamic degree, per pair)
 * @param dynamicMinFraction with motion expected, a clip with fewer moving pairs than this is
 *     static
 */
public record FlowConfig(
    double warpErrorMinLevels,
    double warpErrorSigmas,
    double warpErrorRatio,
    double jitterMin,
    double jitterSigmas,
    int jitterMinPairs,
    double reversalCosine,
    double reversalMinMotion,
    int reversalMaxFrames,
    double dynamicThreshold,
    double dynamicMinFraction) {

  public FlowConfig {
    Validation.range("flow.warpErrorMinLevels", warpErrorMinLevels, 0, 255);
    Validation.range("flow.warpErrorSigmas", warpErrorSigmas, 0, 100);
    Validation.range("flow.warpErrorRatio", warpErrorRatio, 1, 100);
    Validation.range("flow.jitterMin", jitterMin, 0, 100);
    Validation.range("flow.jitterSigmas", jitterSigmas, 0, 100);
    Validation.range("flow.jitterMinPairs", jitterMinPairs, 1, 5);
    Validation.range("flow.reversalCosine", reversalCosine, 0, 1);
    Validation.range("flow.reversalMinMotion", reversalMinMotion, 0, 100);
    Validation.range("flow.reversalMaxFrames", reversalMaxFrames, 2, 10_000);
    Validation.range("flow.dynamicThreshold", dynamicThreshold, 0, 100);
    Validation.range("flow.dynamicMinFraction", dynamicMinFraction, 0, 1);
  }

  public static FlowConfig defaults() {
    return new FlowConfig(6, 8, 3, 0.5, 6, 3, 0.5, 0.05, 12, 0.25, 0.25);
  }
}
