package io.previs.contracts.shard;

import io.previs.contracts.job.JobScoped;
import io.previs.contracts.job.Priority;
import java.time.Instant;
import java.util.List;

/**
 * One unit of GPU work on {@code previs.shards.queued}: one shot × one variant of a job, with
 * everything a worker needs and nothing it must look up besides the model bundle and the two
 * embeddings in object storage.
 *
 * @param seed the variant's own seed (job seed + variant)
 * @param steps, guidance null means the model's defaults
 * @param promptEmbeddingKey object key of the prompt's embedding ("PVEM" bytes)
 * @param workUnits what the shard costs: steps × frames × megapixels, with the model's default
 *     steps when {@code steps} is null (the scheduler turns it into GPU-seconds per pool)
 * @param gpuMemoryGb the least GPU memory the model needs at this size (the model's manifest); the
 *     scheduler sends the shard only to a pool with at least this much (0: any)
 * @param beats the shot's beats, each with its embedding: the windows of a long shot are
 *     conditioned on the beat their middle frame falls in (empty: the prompt throughout)
 * @param windowOverlap frames neighbouring windows share; null: the model's default
 * @param variation the take this one stays close to ("more like this"): its noise is the chosen
 *     seed's turned towards {@code seed}'s; null for a take of its own
 */
public record ShardTask(
    int schemaVersion,
    String shardId,
    String jobId,
    String studio,
    int shot,
    int shotCount,
    int variant,
    int variantCount,
    long seed,
    String modelId,
    int width,
    int height,
    int frames,
    int fps,
    Integer steps,
    Double guidance,
    Priority priority,
    String prompt,
    String promptEmbeddingKey,
    String negativeEmbeddingKey,
    Instant queuedAt,
    double workUnits,
    int gpuMemoryGb,
    int attempt,
    List<Beat> beats,
    Integer windowOverlap,
    Variation variation)
    implements JobScoped {

  public ShardTask {
    beats = beats == null ? List.of() : List.copyOf(beats);
  }

  /** As before "more like this". */
  public ShardTask(
      int schemaVersion,
      String shardId,
      String jobId,
      String studio,
      int shot,
      int shotCount,
      int variant,
      int variantCount,
      long seed,
      String modelId,
      int width,
      int height,
      int frames,
      int fps,
      Integer steps,
      Double guidance,
      Priority priority,
      String prompt,
      String promptEmbeddingKey,
      String negativeEmbeddingKey,
      Instant queuedAt,
      double workUnits,
      int gpuMemoryGb,
      int attempt,
      List<Beat> beats,
      Integer windowOverlap) {
    this(
        schemaVersion,
        shardId,
        jobId,
        studio,
        shot,
        shotCount,
        variant,
        variantCount,
        seed,
        modelId,
        width,
        height,
        frames,
        fps,
        steps,
        guidance,
        priority,
        prompt,
        promptEmbeddingKey,
        negativeEmbeddingKey,
        queuedAt,
        workUnits,
        gpuMemoryGb,
        attempt,
        beats,
        windowOverlap,
        null);
  }

  /** The take a variation stays close to, as the worker's sampler takes it. */
  public record Variation(long chosenSeed, double strength) {}

  /** A beat of the shot: from {@code startFrame} on, its windows see this embedding. */
  public record Beat(String prompt, String embeddingKey, int startFrame) {}

  public static final int SCHEMA_VERSION = 1;

  /** The same task, released as the given attempt. */
  public ShardTask asAttempt(int n) {
    return new ShardTask(
        schemaVersion,
        shardId,
        jobId,
        studio,
        shot,
        shotCount,
        variant,
        variantCount,
        seed,
        modelId,
        width,
        height,
        frames,
        fps,
        steps,
        guidance,
        priority,
        prompt,
        promptEmbeddingKey,
        negativeEmbeddingKey,
        queuedAt,
        workUnits,
        gpuMemoryGb,
        n,
        beats,
        windowOverlap,
        variation);
  }

  /** The same task, near the take of {@code chosenSeed}. */
  public ShardTask withVariation(Variation v) {
    return new ShardTask(
        schemaVersion,
        shardId,
        jobId,
        studio,
        shot,
        shotCount,
        variant,
        variantCount,
        seed,
        modelId,
        width,
        height,
        frames,
        fps,
        steps,
        guidance,
        priority,
        prompt,
        promptEmbeddingKey,
        negativeEmbeddingKey,
        queuedAt,
        workUnits,
        gpuMemoryGb,
        attempt,
        beats,
        windowOverlap,
        v);
  }
}
