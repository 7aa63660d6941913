package io.previs.autoscaler.farm;

import java.time.Instant;

/**
 * One worker as its reports describe it, with this autoscaler's receive times (not the worker's
 * clock: a node's skewed clock must not make a live worker look stuck).
 *
 * @param firstSeen when its first report arrived (its start-up ends there)
 * @param lastSeen when its latest report arrived
 * @param shardId the shard it holds, or null when idle
 * @param idleSince when it last became idle
 * @param draining it says it takes no new shard
 * @param drained the drain request under which it says it holds no shard and takes none, or null
 */
public record WorkerSeen(
    String worker,
    String pool,
    Instant firstSeen,
    Instant lastSeen,
    String shardId,
    Instant idleSince,
    boolean draining,
    Instant drained) {}
