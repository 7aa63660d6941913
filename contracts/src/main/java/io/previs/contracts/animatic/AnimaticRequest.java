package io.previs.contracts.animatic;

import java.time.Instant;
import java.util.List;

/**
 * A sequence's chosen takes, in cut order, to be assembled into one animatic MP4 (post-processing
 * does it). The id is a digest of the studio, the takes and the options: the same cut asked for
 * twice is one animatic.
 *
 * @param width, height, fps the animatic's frame: every take is conformed to it (letterboxed, its
 *     frames repeated or dropped)
 * @param burnIn whether shot names, take numbers and the record timecode are drawn on the frames
 * @param clips the takes in cut order
 */
public record AnimaticRequest(
    int schemaVersion,
    String animaticId,
    String studio,
    String sequence,
    Instant requestedAt,
    String requestedBy,
    int width,
    int height,
    int fps,
    boolean burnIn,
    List<Clip> clips) {

  public static final int SCHEMA_VERSION = 1;

  public AnimaticRequest {
    clips = clips == null ? List.of() : List.copyOf(clips);
  }

  /**
   * One chosen take.
   *
   * @param label what the burn-in shows ({@code sq010_sh020 v002 take 3})
   * @param videoKey the take's MP4 in object storage
   * @param frames, fps the take's length and rate as post-processing wrote it
   */
  public record Clip(
      String shot,
      String jobId,
      int version,
      int variant,
      String label,
      String videoKey,
      int frames,
      int fps) {}
}
