package io.previs.worker.render;

/**
 * The shard's sampler stopped at a step boundary — the worker is shutting down, or the scheduler
 * asked (cancel, pause, preempt) — and its checkpoint at that step is stored, so whoever gets the
 * shard next resumes there.
 */
public final class ShardStoppedException extends RuntimeException {

  private final int checkpointStep;
  private final double billedSeconds;

  public ShardStoppedException(String shardId, int checkpointStep, double billedSeconds) {
    super("shard " + shardId + " stopped with its checkpoint at step " + checkpointStep);
    this.checkpointStep = checkpointStep;
    this.billedSeconds = billedSeconds;
  }

  public int checkpointStep() {
    return checkpointStep;
  }

  /** GPU-seconds the shard has cost so far, every attempt, up to the checkpoint. */
  public double billedSeconds() {
    return billedSeconds;
  }
}
