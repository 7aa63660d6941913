package io.previs.contracts.job;

import java.util.List;
import java.util.Map;

/**
 * A render request as studios write it to {@code previs.jobs.submit} (or POST it to the gateway).
 * Everything but {@code prompt} (or {@code shots}) is optional; the gateway validates and fills
 * defaults from the model and records the normalised {@link JobSpec} in the accepted event.
 *
 * @param clientJobId the studio's idempotency key: resubmitting it never renders twice
 * @param shots a shot list; absent means one shot of {@code prompt}
 * @param variants renders of each shot with different seeds (seed, seed+1, …)
 * @param seconds duration per shot; converted to the model's nearest valid frame count. Past the
 *     model's window a shot is denoised in overlapping windows, up to the gateway's
 *     max-shot-seconds
 * @param frames frame count per shot, instead of seconds (must suit the model, e.g. 4n+1)
 * @param seed base seed; absent means the gateway picks one and records it
 * @param labels free-form tags carried to every event of the job (show, sequence, shot code…)
 * @param newAttempt with a clientJobId whose job was cancelled or failed: render it again as a new
 *     job (attempt 2, 3, …, clientJobId {@code <id>/attempt-<n>}) instead of answering the ended
 *     one
 * @param windowOverlap for shots longer than the model's window: frames two neighbouring windows
 *     share (null: the model's default, a quarter of its window)
 * @param form the shot written as its parts, instead of {@code prompt}; with a shot list, the
 *     defaults of every shot's form (a sequence's environment and style)
 * @param template the prompt template forms are composed with (a studio's, else the house's; null:
 *     the house default)
 * @param variation takes near a chosen one ("more like this"): every variant's noise is the chosen
 *     take's turned towards its own ({@link Variation}); null for takes of their own
 */
public record RenderRequest(
    Integer schemaVersion,
    String studio,
    String clientJobId,
    String prompt,
    String negativePrompt,
    List<ShotRequest> shots,
    Integer variants,
    Double seconds,
    Integer frames,
    Integer fps,
    Integer width,
    Integer height,
    Long seed,
    Integer steps,
    Double guidance,
    String modelId,
    String priority,
    Map<String, String> labels,
    Boolean newAttempt,
    Integer windowOverlap,
    ShotForm form,
    String template,
    Variation variation) {

  public static final int SCHEMA_VERSION = 1;

  /** As before "more like this". */
  public RenderRequest(
      Integer schemaVersion,
      String studio,
      String clientJobId,
      String prompt,
      String negativePrompt,
      List<ShotRequest> shots,
      Integer variants,
      Double seconds,
      Integer frames,
      Integer fps,
      Integer width,
      Integer height,
      Long seed,
      Integer steps,
      Double guidance,
      String modelId,
      String priority,
      Map<String, String> labels,
      Boolean newAttempt,
      Integer windowOverlap,
      ShotForm form,
      String template) {
    this(
        schemaVersion,
        studio,
        clientJobId,
        prompt,
        negativePrompt,
        shots,
        variants,
        seconds,
        frames,
        fps,
        width,
        height,
        seed,
        steps,
        guidance,
        modelId,
        priority,
        labels,
        newAttempt,
        windowOverlap,
        form,
        template,
        null);
  }

  /** As before shot forms. */
  public RenderRequest(
      Integer schemaVersion,
      String studio,
      String clientJobId,
      String prompt,
      String negativePrompt,
      List<ShotRequest> shots,
      Integer variants,
      Double seconds,
      Integer frames,
      Integer fps,
      Integer width,
      Integer height,
      Long seed,
      Integer steps,
      Double guidance,
      String modelId,
      String priority,
      Map<String, String> labels,
      Boolean newAttempt,
      Integer windowOverlap) {
    this(
        schemaVersion,
        studio,
        clientJobId,
        prompt,
        negativePrompt,
        shots,
        variants,
        seconds,
        frames,
        fps,
        width,
        height,
        seed,
        steps,
        guidance,
        modelId,
        priority,
        labels,
        newAttempt,
        windowOverlap,
        null,
        null);
  }

  /** This request with its prompts as composed from its forms (and the forms gone). */
  public RenderRequest withPrompts(String prompt, String negativePrompt, List<ShotRequest> shots) {
    return new RenderRequest(
        schemaVersion,
        studio,
        clientJobId,
        prompt,
        negativePrompt,
        shots,
        variants,
        seconds,
        frames,
        fps,
        width,
        height,
        seed,
        steps,
        guidance,
        modelId,
        priority,
        labels,
        newAttempt,
        windowOverlap,
        null,
        null,
        variation);
  }

  /** As before long-shot overlap could be asked for. */
  public RenderRequest(
      Integer schemaVersion,
      String studio,
      String clientJobId,
      String prompt,
      String negativePrompt,
      List<ShotRequest> shots,
      Integer variants,
      Double seconds,
      Integer frames,
      Integer fps,
      Integer width,
      Integer height,
      Long seed,
      Integer steps,
      Double guidance,
      String modelId,
      String priority,
      Map<String, String> labels,
      Boolean newAttempt) {
    this(
        schemaVersion,
        studio,
        clientJobId,
        prompt,
        negativePrompt,
        shots,
        variants,
        seconds,
        frames,
        fps,
        width,
        height,
        seed,
        steps,
        guidance,
        modelId,
        priority,
        labels,
        newAttempt,
        null,
        null,
        null);
  }

  /**
   * One shot of a shot list; null fields inherit from the request.
   *
   * @param beats the shot's beats ("she runs… she looks back… she jumps"), in order: each prompt
   *     holds for its seconds, the last to the end of the shot; every window of a long shot is
   *     conditioned on the beat its middle frame falls in. Only for shots longer than the model's
   *     window
   * @param form the shot written as its parts, instead of {@code prompt}; its empty slots are the
   *     request's form's
   * @param template the template this shot's form is composed with (null: the request's)
   */
  public record ShotRequest(
      String prompt,
      String negativePrompt,
      Double seconds,
      Integer frames,
      List<BeatRequest> beats,
      ShotForm form,
      String template) {

    public ShotRequest(String prompt, String negativePrompt, Double seconds, Integer frames) {
      this(prompt, negativePrompt, seconds, frames, null, null, null);
    }

    public ShotRequest(
        String prompt,
        String negativePrompt,
        Double seconds,
        Integer frames,
        List<BeatRequest> beats) {
      this(prompt, negativePrompt, seconds, frames, beats, null, null);
    }
  }

  /**
   * One beat of a shot.
   *
   * @param seconds how long it holds (the last beat: to the end of the shot, may be absent)
   * @param form the beat written as its parts, instead of {@code prompt}; its empty slots are the
   *     shot's form's (a beat often changes only the action)
   */
  public record BeatRequest(String prompt, Double seconds, ShotForm form) {
    public BeatRequest(String prompt, Double seconds) {
      this(prompt, seconds, null);
    }
  }
}
