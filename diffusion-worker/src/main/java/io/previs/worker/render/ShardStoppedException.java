package io.previs.worker.render;

/**
 * The worker is shutting down: the shard's sampler stopped at a step boundary and its checkpoint at
 * that step is stored, so the shard goes back to the pool and the next worker resumes there.
 */
public final class ShardStoppedException extends RuntimeException {

  private final int checkpointStep;

  public ShardStoppedException(String shardId, int checkpointStep) {
    super(
        "worker stopping: shard "
            + shardId
            + " handed back with its checkpoint at step "
            + checkpointStep);
    this.checkpointStep = checkpointStep;
  }

  public int checkpointStep() {
    return checkpointStep;
  }
}
