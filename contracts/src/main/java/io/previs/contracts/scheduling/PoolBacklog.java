package io.previs.contracts.scheduling;

import java.time.Instant;
import java.util.Map;

/**
 * A GPU pool's standing, published by the scheduler for ops and the autoscaler (compacted, keyed by
 * pool: the latest record is the pool now).
 *
 * @param gpus live workers that take work (draining ones are not counted)
 * @param busy GPUs holding a shard
 * @param backlogSeconds pending GPU-seconds this pool could run, per priority class (a shard that
 *     fits several pools counts in each); shards of studios whose GPU-second budget is exhausted
 *     are left out, as they cannot start
 * @param queuedShards pending shards this pool could run now (budget-held ones left out)
 */
public record PoolBacklog(
    int schemaVersion,
    String pool,
    int gpuMemoryGb,
    double speed,
    int gpus,
    int busy,
    Map<String, Double> backlogSeconds,
    int queuedShards,
    Instant at) {

  public static final int SCHEMA_VERSION = 1;
}
