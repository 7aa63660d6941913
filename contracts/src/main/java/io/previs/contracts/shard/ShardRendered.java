package io.previs.contracts.shard;

import io.previs.contracts.job.GpuUsage;
import io.previs.contracts.job.JobScoped;

/**
 * A shard's frames are stored ({@code previs.shards.rendered}, keyed by job id).
 *
 * @param framesKey object key of the lossless intermediate (FFV1 in Matroska, bgr0)
 * @param attempt the delivery that rendered it (1 = first try)
 * @param resumedFromStep the checkpoint step this render resumed from, or null
 * @param provider where the model ran ("cpu", "cuda:0", "cpu (fallback: …)")
 * @param usage what the shard cost over all its attempts (GPU-seconds)
 */
public record ShardRendered(
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
    String prompt,
    String framesKey,
    int frames,
    int width,
    int height,
    int fps,
    long renderMillis,
    int attempt,
    Integer resumedFromStep,
    String worker,
    String provider,
    GpuUsage usage)
    implements JobScoped {

  public static final int SCHEMA_VERSION = 1;
}
