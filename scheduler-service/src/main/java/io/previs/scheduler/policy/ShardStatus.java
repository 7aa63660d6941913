package io.previs.scheduler.policy;

/** Where a shard is in the scheduler's hands. */
public enum ShardStatus {
  /** Waiting for a GPU. */
  PENDING,
  /** Its job is paused; it waits for resume (from its checkpoint, if it had started). */
  PAUSED,
  /** Released into a pool's queue; no worker has reported it yet. Holds a GPU of that pool. */
  DISPATCHED,
  /** A worker reported it started. */
  RUNNING,
  DONE,
  CANCELLED,
  FAILED;

  boolean holdsGpu() {
    return this == DISPATCHED || this == RUNNING;
  }

  boolean terminal() {
    return this == DONE || this == CANCELLED || this == FAILED;
  }
}
