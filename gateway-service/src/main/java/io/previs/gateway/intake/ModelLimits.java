package io.previs.gateway.intake;

import java.util.List;

/**
 * What a model accepts, read from its bundle manifest in object storage: the gateway validates
 * against these so a bad request is refused before any GPU time is spent.
 */
record ModelLimits(
    String id,
    List<String> sizes,
    int minFrames,
    int maxFrames,
    int temporalStride,
    int defaultFps,
    int defaultSteps,
    String defaultNegativePrompt) {

  /** Frames of a shot that asks for no length: Wan2.2's 5-second clip at its 16 fps. */
  public static final int DEFAULT_FRAMES = 81;

  /** The size a request naming none gets when the model offers it: Wan's 480p. */
  public static final String PREFERRED_SIZE = "832x480";

  /** What a manifest that names no fps or step count means (Wan2.2's own defaults). */
  static final int MANIFEST_DEFAULT_FPS = 16;

  static final int MANIFEST_DEFAULT_STEPS = 40;

  /** {@link #DEFAULT_FRAMES} when the model renders it, else its shortest valid clip. */
  public int defaultFrames() {
    return validFrameCount(DEFAULT_FRAMES) ? DEFAULT_FRAMES : nearestValid(minFrames);
  }

  /** {@link #PREFERRED_SIZE} when offered, else the model's first size. */
  public String defaultSize() {
    return sizes.contains(PREFERRED_SIZE) ? PREFERRED_SIZE : sizes.get(0);
  }

  public boolean validFrameCount(int frames) {
    return frames >= minFrames && frames <= maxFrames && (frames - 1) % temporalStride == 0;
  }

  /**
   * The longest shot: the model's window (maxFrames), or, past it, as many frames as {@code
   * maxShotSeconds} at the model's fps — those shots are denoised in overlapping windows.
   */
  public int maxShotFrames(int maxShotSeconds) {
    int frames = maxShotSeconds * defaultFps + 1;
    return Math.max(maxFrames, frames - (frames - 1) % temporalStride);
  }

  /** The valid frame count nearest to {@code frames} (ties go up). */
  public int nearestValid(int frames) {
    int n = Math.max(0, Math.round((frames - 1) / (float) temporalStride));
    return 1 + n * temporalStride;
  }
}
