package io.previs.contracts.animatic;

import java.time.Instant;
import java.util.List;

/**
 * What became of an animatic request: {@code animatic.ready} (the MP4 is in object storage, with
 * where each take starts in it) or {@code animatic.failed} (why). Also stored beside the MP4 as its
 * marker, which is what the gateway reads.
 *
 * @param videoKey on ready: the animatic MP4
 * @param frames, seconds on ready: its length
 * @param edits on ready: per take in cut order, its first frame and frame count in the animatic
 * @param reason on failed: which take could not be read, or what else went wrong
 */
public record AnimaticEvent(
    int schemaVersion,
    String type,
    String animaticId,
    String studio,
    String sequence,
    Instant at,
    String videoKey,
    int frames,
    double seconds,
    List<Edit> edits,
    String reason) {

  public static final int SCHEMA_VERSION = 1;
  public static final String READY = "animatic.ready";
  public static final String FAILED = "animatic.failed";

  public AnimaticEvent {
    edits = edits == null ? List.of() : List.copyOf(edits);
  }

  /** Where one take sits in the animatic. */
  public record Edit(String shot, int firstFrame, int frames) {}
}
