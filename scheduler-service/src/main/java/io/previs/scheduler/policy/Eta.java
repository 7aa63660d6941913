package io.previs.scheduler.policy;

import io.previs.contracts.job.Priority;
import java.time.Instant;

/**
 * Where a queued job stands: its place in its class and when it should start and finish.
 *
 * @param position 1 for the job whose next shard starts first in its class
 * @param estimatedStart null when nothing can start it now (no GPU that fits, or {@code blockedBy})
 * @param blockedBy why the job's studio may not start shards now (GPU cap, budget), or null
 */
public record Eta(
    String jobId,
    String studio,
    Priority priority,
    int position,
    int queuedShards,
    int runningShards,
    Instant estimatedStart,
    Instant estimatedFinish,
    String blockedBy) {}
