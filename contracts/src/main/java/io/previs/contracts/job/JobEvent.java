package io.previs.contracts.job;

import java.time.Instant;
import java.util.List;

/**
 * One entry of a job's event log on {@code previs.jobs.events}. A single record type with a {@code
 * type} discriminator and optional sections, so that any JSON consumer (dashboards, kcat) reads
 * every event the same way.
 *
 * @param spec on {@code accepted}: the normalised job
 * @param errors on {@code rejected}: every field problem found
 * @param shard on shard-level stage events and progress
 * @param progress on {@code stage.progress}
 * @param reason on {@code failed} (and {@code duplicate}: which job it duplicates)
 * @param outputs on {@code completed} (and {@code stage.completed} of post-processing or QC)
 */
public record JobEvent(
    int schemaVersion,
    JobEventType type,
    String jobId,
    String studio,
    Instant at,
    Stage stage,
    JobSpec spec,
    List<FieldError> errors,
    ShardRef shard,
    Progress progress,
    String reason,
    List<VariantOutput> outputs) {

  public static final int SCHEMA_VERSION = 1;

  /** A rejected field: which one, what is wrong, and the limit it broke. */
  public record FieldError(String field, String message) {}

  public record ShardRef(String shardId, int shot, int variant) {}

  /**
   * Denoising progress of one shard.
   *
   * @param step 1-based step just completed
   * @param resumedFromStep set when the shard resumed from a checkpoint after a redelivery
   */
  public record Progress(
      int step,
      int steps,
      String expert,
      double sigma,
      double fraction,
      long elapsedMillis,
      Integer resumedFromStep) {}

  /** What a finished variant produced (object keys; links are presigned on request). */
  public record VariantOutput(
      int variant,
      long seed,
      String videoKey,
      String posterKey,
      String reportKey,
      String verdict) {}

  public static JobEvent of(JobEventType type, String jobId, String studio, Instant at) {
    return new JobEvent(
        SCHEMA_VERSION, type, jobId, studio, at, null, null, null, null, null, null, null);
  }

  public JobEvent withStage(Stage s) {
    return new JobEvent(
        schemaVersion, type, jobId, studio, at, s, spec, errors, shard, progress, reason, outputs);
  }

  public JobEvent withSpec(JobSpec s) {
    return new JobEvent(
        schemaVersion, type, jobId, studio, at, stage, s, errors, shard, progress, reason, outputs);
  }

  public JobEvent withErrors(List<FieldError> e) {
    return new JobEvent(
        schemaVersion, type, jobId, studio, at, stage, spec, e, shard, progress, reason, outputs);
  }

  public JobEvent withShard(ShardRef s) {
    return new JobEvent(
        schemaVersion, type, jobId, studio, at, stage, spec, errors, s, progress, reason, outputs);
  }

  public JobEvent withProgress(Progress p) {
    return new JobEvent(
        schemaVersion, type, jobId, studio, at, stage, spec, errors, shard, p, reason, outputs);
  }

  public JobEvent withReason(String r) {
    return new JobEvent(
        schemaVersion, type, jobId, studio, at, stage, spec, errors, shard, progress, r, outputs);
  }

  public JobEvent withOutputs(List<VariantOutput> o) {
    return new JobEvent(
        schemaVersion, type, jobId, studio, at, stage, spec, errors, shard, progress, reason, o);
  }
}
