package io.previs.scheduler.policy;

import io.previs.contracts.job.Priority;
import java.time.Instant;

/** What the policy decided; the adapter carries each one out and records why. */
public sealed interface Decision {

  /** Release the shard into the pool's queue: a GPU of that pool is free for it. */
  /**
   * @param attempt which attempt this release is (1 + attempts spent)
   */
  record Dispatch(
      String shardId,
      String jobId,
      String studio,
      Priority priority,
      String pool,
      double estimatedSeconds,
      int attempt,
      String reason)
      implements Decision {}

  /**
   * The shard spent its attempts (its workers were lost, or it kept failing): its job fails and its
   * task goes to its pool's dead-letter topic.
   *
   * @param pool the pool it last ran on
   */
  record ShardFailed(
      String shardId, String jobId, String studio, String pool, int attempts, String reason)
      implements Decision {}

  /** Ask the worker running the shard to stop at its next step boundary. */
  record Stop(String shardId, String jobId, String worker, StopReason why, String reason)
      implements Decision {}

  /** The job is cancelled: no shard of it starts again. */
  record JobCancelled(
      String jobId, String studio, String by, Instant at, int droppedQueued, int stopping)
      implements Decision {}

  /** A studio's GPU-second budget crossed its warning level, or ran out. */
  record BudgetAlert(
      String studio, String period, String periodKey, double used, double budget, boolean exhausted)
      implements Decision {}
}
