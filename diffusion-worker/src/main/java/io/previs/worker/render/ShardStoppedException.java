package io.previs.worker.render;

import io.previs.contracts.job.GpuUsage;

/**
 * The shard's sampler stopped at a step boundary — the worker is shutting down, or the scheduler
 * asked (cancel, pause, preempt) — and its checkpoint at that step is stored, so whoever gets the
 * shard next resumes there.
 */
public final class ShardStoppedException extends RuntimeException {

  private final int checkpointStep;
  private final GpuUsage usage;

  public ShardStoppedException(String shardId, int checkpointStep, GpuUsage usage) {
    super("shard " + shardId + " stopped with its checkpoint at step " + checkpointStep);
    this.checkpointStep = checkpointStep;
    this.usage = usage;
  }

  /** What the shard has cost up to the checkpoint, every attempt. */
  public GpuUsage usage() {
    return usage;
  }

  public int checkpointStep() {
    return checkpointStep;
  }

  /** GPU-seconds the shard has cost so far, every attempt, up to the checkpoint. */
  public double billedSeconds() {
    return usage.deviceSeconds();
  }
}
