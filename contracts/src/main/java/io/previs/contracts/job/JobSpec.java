package io.previs.contracts.job;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A validated, normalised job: what will be rendered, with every default resolved, so that a job
 * can be reproduced from its accepted event alone.
 *
 * @param seed base seed; variant v renders with seed + v
 * @param steps, guidance null means the model's defaults
 * @param shardCount shots × variants
 * @param windowOverlap frames neighbouring windows of a long shot share; null: the model's default
 */
public record JobSpec(
    String studio,
    String clientJobId,
    List<ShotSpec> shots,
    int variants,
    int fps,
    int width,
    int height,
    long seed,
    Integer steps,
    Double guidance,
    String modelId,
    Priority priority,
    Map<String, String> labels,
    int shardCount,
    Instant submittedAt,
    Integer windowOverlap) {

  /** As before long-shot overlap could be asked for. */
  public JobSpec(
      String studio,
      String clientJobId,
      List<ShotSpec> shots,
      int variants,
      int fps,
      int width,
      int height,
      long seed,
      Integer steps,
      Double guidance,
      String modelId,
      Priority priority,
      Map<String, String> labels,
      int shardCount,
      Instant submittedAt) {
    this(
        studio,
        clientJobId,
        shots,
        variants,
        fps,
        width,
        height,
        seed,
        steps,
        guidance,
        modelId,
        priority,
        labels,
        shardCount,
        submittedAt,
        null);
  }

  /**
   * One shot with its resolved frame count.
   *
   * @param beats the shot's beats with the frame each starts at (the first at 0); empty when the
   *     whole shot is its prompt
   */
  public record ShotSpec(
      int index, String prompt, String negativePrompt, int frames, List<BeatSpec> beats) {

    public ShotSpec(int index, String prompt, String negativePrompt, int frames) {
      this(index, prompt, negativePrompt, frames, List.of());
    }

    public ShotSpec {
      beats = beats == null ? List.of() : List.copyOf(beats);
    }
  }

  /** A beat of a shot: its prompt, from {@code startFrame} to the next beat (or the shot's end). */
  public record BeatSpec(String prompt, int startFrame) {}

  public long seedOf(int variant) {
    return seed + variant;
  }
}
