package io.previs.scheduler.policy;

/**
 * Why the scheduler asks a worker to stop a running shard at its next step boundary (the checkpoint
 * of that step is stored first, so nothing is lost).
 */
public enum StopReason {
  /** The job was cancelled: the shard never resumes. */
  CANCEL,
  /** The job was paused: the shard resumes from its checkpoint when the job is resumed. */
  PAUSE,
  /** A higher-priority shard needs the GPU: the shard goes back to the front of its queue. */
  PREEMPT;

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
