package io.previs.gateway.intake;

import java.util.List;

/**
 * What a model accepts, read from its bundle manifest in object storage: the gateway validates
 * against these so a bad request is refused before any GPU time is spent.
 */
public record ModelLimits(
    String id,
    List<String> sizes,
    int minFrames,
    int maxFrames,
    int temporalStride,
    int defaultFps,
    int defaultSteps,
    String defaultNegativePrompt) {

  public boolean validFrameCount(int frames) {
    return frames >= minFrames && frames <= maxFrames && (frames - 1) % temporalStride == 0;
  }

  /** The valid frame count nearest to {@code frames} (ties go up). */
  public int nearestValid(int frames) {
    int n = Math.max(0, Math.round((frames - 1) / (float) temporalStride));
    return 1 + n * temporalStride;
  }
}
