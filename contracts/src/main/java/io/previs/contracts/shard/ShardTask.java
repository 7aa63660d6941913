package io.previs.contracts.shard;

import io.previs.contracts.job.JobScoped;
import io.previs.contracts.job.Priority;
import java.time.Instant;

/**
 * One unit of GPU work on {@code previs.shards.queued}: one shot × one variant of a job, with
 * everything a worker needs and nothing it must look up besides the model bundle and the two
 * embeddings in object storage.
 *
 * @param seed the variant's own seed (job seed + variant)
 * @param steps, guidance null means the model's defaults
 * @param promptEmbeddingKey object key of the prompt's embedding ("PVEM" bytes)
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
    Instant queuedAt)
    implements JobScoped {

  public static final int SCHEMA_VERSION = 1;
}
