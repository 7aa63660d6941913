package io.previs.contracts.scheduling;

import java.time.Instant;

/**
 * The scheduler asks whoever holds a shard to stop it at its next step boundary, its checkpoint
 * stored: for a cancelled job (it never resumes), a paused one (it resumes from the checkpoint), or
 * to make way for a higher-priority shard (it goes back to the front of its queue).
 *
 * @param worker the worker reported holding it, or null when none has reported it yet (any worker
 *     that starts it must stop it)
 * @param why {@code cancel}, {@code pause} or {@code preempt}
 */
public record ShardControl(
    int schemaVersion,
    String shardId,
    String jobId,
    String worker,
    String why,
    String reason,
    Instant at) {

  public static final int SCHEMA_VERSION = 1;
}
