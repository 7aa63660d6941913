package io.previs.worker.render;

/**
 * This attempt no longer owns its shard: its lease lapsed (another worker was given the shard), or
 * another attempt committed the shard first. Nothing of this attempt is left in the shard's
 * objects; it publishes nothing more.
 */
public final class ShardSupersededException extends RuntimeException {

  private final boolean committedByAnother;

  public ShardSupersededException(String shardId, boolean committedByAnother, String why) {
    super("shard " + shardId + " superseded: " + why);
    this.committedByAnother = committedByAnother;
  }

  /** Another attempt's frames are the shard's (the shard is done), not only this lease lost. */
  public boolean committedByAnother() {
    return committedByAnother;
  }
}
