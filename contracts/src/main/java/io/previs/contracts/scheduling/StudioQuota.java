package io.previs.contracts.scheduling;

import java.time.Instant;

/**
 * What one studio may use of the farm, set by ops (compacted, keyed by studio). Zero means no limit
 * for every field but the weight.
 *
 * @param weight share of a contended priority class against other studios (default 1)
 * @param maxGpus GPUs the studio may hold at once
 * @param maxQueuedJobs jobs accepted and not yet finished; past it intake answers 429
 * @param dailyGpuSeconds GPU-seconds per UTC day; past it no new shard of the studio starts
 * @param monthlyGpuSeconds GPU-seconds per UTC month, likewise
 */
public record StudioQuota(
    int schemaVersion,
    String studio,
    double weight,
    int maxGpus,
    int maxQueuedJobs,
    double dailyGpuSeconds,
    double monthlyGpuSeconds,
    String updatedBy,
    Instant updatedAt) {

  public static final int SCHEMA_VERSION = 1;
}
