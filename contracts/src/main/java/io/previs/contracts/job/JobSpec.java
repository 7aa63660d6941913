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
 * @param warnings what intake accepted but flags (a camera term it does not know, passed on as
 *     written); empty when none
 * @param variation takes near a chosen one ("more like this"), or null: variant v's own seed is
 *     still seed + v, and its noise is the chosen take's turned towards it
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
    Integer windowOverlap,
    List<JobEvent.FieldError> warnings,
    Variation variation) {

  public JobSpec {
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** As before "more like this". */
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
      Instant submittedAt,
      Integer windowOverlap,
      List<JobEvent.FieldError> warnings) {
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
        windowOverlap,
        warnings,
        null);
  }

  /** As before intake warnings. */
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
      Instant submittedAt,
      Integer windowOverlap) {
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
        windowOverlap,
        List.of());
  }

  public JobSpec withShots(List<ShotSpec> s) {
    return new JobSpec(
        studio,
        clientJobId,
        s,
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
        windowOverlap,
        warnings,
        variation);
  }

  public JobSpec withWarnings(List<JobEvent.FieldError> w) {
    return new JobSpec(
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
        windowOverlap,
        w,
        variation);
  }

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
        null,
        List.of());
  }

  /**
   * One shot with its resolved frame count.
   *
   * @param beats the shot's beats with the frame each starts at (the first at 0); empty when the
   *     whole shot is its prompt
   * @param prompt, negativePrompt what the model is given: normalised, and composed from the shot's
   *     form when it had one
   * @param form the shot form the prompt was composed from (every slot as used: defaults filled,
   *     the camera normalised); null for a free-text prompt
   * @param template the template that composed it, {@code studio:<name>} or {@code house:<name>}
   */
  public record ShotSpec(
      int index,
      String prompt,
      String negativePrompt,
      int frames,
      List<BeatSpec> beats,
      ShotForm form,
      String template) {

    public ShotSpec(int index, String prompt, String negativePrompt, int frames) {
      this(index, prompt, negativePrompt, frames, List.of(), null, null);
    }

    public ShotSpec(
        int index, String prompt, String negativePrompt, int frames, List<BeatSpec> beats) {
      this(index, prompt, negativePrompt, frames, beats, null, null);
    }

    public ShotSpec {
      beats = beats == null ? List.of() : List.copyOf(beats);
    }

    /** This shot with the form its prompt was composed from and the template that did it. */
    public ShotSpec withForm(ShotForm f, String t) {
      return new ShotSpec(index, prompt, negativePrompt, frames, beats, f, t);
    }
  }

  /** A beat of a shot: its prompt, from {@code startFrame} to the next beat (or the shot's end). */
  public record BeatSpec(String prompt, int startFrame) {}

  public long seedOf(int variant) {
    return seed + variant;
  }
}
