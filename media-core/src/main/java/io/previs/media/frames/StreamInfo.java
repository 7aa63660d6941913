package io.previs.media.frames;

/**
 * What a frame source knows before its first frame.
 *
 * @param frameCount frames it will deliver, or -1 when the container does not say (a live stream)
 */
public record StreamInfo(int width, int height, Fps fps, long frameCount) {

  public StreamInfo {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("stream size must be positive: " + width + "x" + height);
    }
    if (fps == null) {
      throw new IllegalArgumentException("stream fps is required");
    }
    if (frameCount < -1) {
      throw new IllegalArgumentException("frameCount must be ≥ 0, or -1 for unknown");
    }
  }

  public boolean countKnown() {
    return frameCount >= 0;
  }
}
