package io.previs.media.animatic;

import io.previs.media.frames.Fps;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link Animatic#assemble} wrote.
 *
 * @param frames frames in the MP4
 * @param durationSeconds {@code frames} at {@code fps}
 * @param edits one per clip, in order: where each clip sits in the animatic
 */
public record AnimaticResult(
    Path mp4,
    int width,
    int height,
    Fps fps,
    long frames,
    double durationSeconds,
    List<Edit> edits) {

  public AnimaticResult {
    edits = List.copyOf(edits);
  }

  /** Record timecode of animatic frame {@code frame}, as burnt in (starts at 01:00:00:00). */
  public String timecode(long frame) {
    return Timecode.record(frame, fps);
  }

  /**
   * One clip's place in the animatic: its edit point and length, in animatic frames (after the rate
   * conform), so an editorial timeline built from these agrees frame for frame.
   *
   * @param firstFrame animatic frame of the cut into this clip
   * @param frames animatic frames this clip lasts
   * @param sourceStart first take frame used (the take's own rate)
   * @param sourceFps the take's rate before the conform
   */
  public record Edit(
      int index,
      String name,
      String label,
      long firstFrame,
      long frames,
      int sourceStart,
      int sourceWidth,
      int sourceHeight,
      Fps sourceFps) {

    /** The animatic frame just after this clip: the next clip's {@code firstFrame}. */
    public long endFrame() {
      return firstFrame + frames;
    }
  }
}
