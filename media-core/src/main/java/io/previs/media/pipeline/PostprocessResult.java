package io.previs.media.pipeline;

import io.previs.media.frames.Fps;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the stage wrote and measured. Files are local; the service uploads them.
 *
 * @param stageMillis wall time per stage (decode, grade, antiAlias, upscale, h264, prores, poster,
 *     total); stages on the two pipeline threads overlap, so they add up to more than total
 */
public record PostprocessResult(
    Path mp4,
    Optional<Path> prores,
    Path poster,
    int width,
    int height,
    Fps fps,
    long frames,
    double durationSeconds,
    long mp4Bytes,
    long proresBytes,
    long posterBytes,
    List<ShotReport> shots,
    Map<String, Long> stageMillis) {

  public PostprocessResult {
    shots = List.copyOf(shots);
    stageMillis = Map.copyOf(stageMillis);
  }

  /**
   * One shot as it went into the clip.
   *
   * @param firstFrame index of its first frame in the clip (the cut)
   * @param gains white-balance/exposure gains applied (1, 1, 1 when off)
   */
  public record ShotReport(
      int index,
      String source,
      int sourceWidth,
      int sourceHeight,
      Fps sourceFps,
      long firstFrame,
      long frames,
      List<Double> gains) {}
}
