package io.previs.qccore.config;

/**
 * How frames are reduced before the detectors see them.
 *
 * @param width frames wider than this are downscaled (area averaging) to it for the similarity and
 *     face checks; never upscaled
 * @param flowWidth width at which optical flow is computed (≤ width)
 * @param decodeThreads FFmpeg decoder threads; 1 keeps one clip on one core, which is the cheapest
 *     in core-seconds when many clips are checked side by side; 0 lets FFmpeg choose
 */
public record AnalysisConfig(int width, int flowWidth, int decodeThreads) {

  public AnalysisConfig {
    Validation.range("analysis.width", width, 64, 4096);
    Validation.range("analysis.flowWidth", flowWidth, 32, 4096);
    Validation.range("analysis.decodeThreads", decodeThreads, 0, 64);
  }

  public static AnalysisConfig defaults() {
    return new AnalysisConfig(320, 256, 1);
  }
}
