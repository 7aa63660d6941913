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
  /**
   * Its worker's GPU is done with it (or will be within the worker's prefetch lead) and back in the
   * pool for the next shard; the worker — and its studio's GPU cap — still hold it while its frames
   * are stored. Not preemptible.
   */
  FINISHING,
  DONE,
  CANCELLED,
  FAILED;

  boolean holdsGpu() {
    return this == DISPATCHED || this == RUNNING;
  }

  /** A worker has it: lost with its worker, queued again from its checkpoint. */
  boolean held() {
    return holdsGpu() || this == FINISHING;
  }

  boolean terminal() {
    return this == DONE || this == CANCELLED || this == FAILED;
  }
}
