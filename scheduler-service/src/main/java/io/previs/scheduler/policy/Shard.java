package io.previs.scheduler.policy;

import io.previs.contracts.job.Priority;
import java.time.Instant;

/** The policy's record of one shard; mutable, owned by {@link Scheduler}. */
final class Shard {
  final Demand demand;

  /** Arrival order: the tie-breaker within a studio and class ("then submission order"). */
  final long seq;

  Priority priority;
  ShardStatus status = ShardStatus.PENDING;
  String pool;
  String worker;

  /**
   * Its worker has taken it but not started it: it waits behind the shard on that worker's GPU.
   * Lost with its worker, it is queued again without spending an attempt — it never ran. (Not kept
   * in the state store: after a failover such a loss counts, as before prefetching.)
   */
  boolean inHand;

  Instant startedAt;

  /** Set while the scheduler waits for the worker to stop the shard at a step boundary. */
  StopReason stopping;

  int preemptions;

  /** Attempts spent: releases lost with their worker, or failed in a way a retry may fix. */
  int failures;

  /** GPU-seconds billed so far (the worker's cumulative figure for the shard). */
  double billed;

  /** Estimated seconds charged to fair share at dispatch, not yet settled against actual use. */
  double charged;

  /** The class charged at dispatch (a priority change must settle against the same class). */
  Priority chargedClass;

  Shard(Demand demand, long seq, Priority priority) {
    this.demand = demand;
    this.seq = seq;
    this.priority = priority;
  }

  String studio() {
    return demand.studio();
  }

  int cls() {
    return priority.ordinal();
  }

  @Override
  public String toString() {
    return demand.shardId() + "[" + status + "," + priority.wire() + "]";
  }
}
