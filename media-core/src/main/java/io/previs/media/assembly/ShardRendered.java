package io.previs.media.assembly;

/**
 * A GPU worker's notice that one shard (one shot of one variant) is rendered and stored.
 *
 * @param variant 0-based variant index (variants differ by seed)
 * @param shotIndex 0-based position of the shot in the job's shot list
 * @param shotCount shots in the job; the same in every notice of a job
 * @param shardId the worker's id for this render (a retried render gets a new one)
 * @param framesLocation where its {@code frames.mkv} is (object key or path)
 */
public record ShardRendered(
    String jobId,
    int variant,
    int shotIndex,
    int shotCount,
    String shardId,
    String framesLocation) {

  /** A job's shot list is a storyboard, not a feature film. */
  public static final int MAX_SHOTS = 1000;

  public static final int MAX_VARIANTS = 64;

  public ShardRendered {
    if (jobId == null || jobId.isBlank()) {
      throw new IllegalArgumentException("shard.jobId is required");
    }
    if (shardId == null || shardId.isBlank()) {
      throw new IllegalArgumentException("shard.shardId is required (job " + jobId + ")");
    }
    if (framesLocation == null || framesLocation.isBlank()) {
      throw new IllegalArgumentException(
          "shard.framesLocation is required (shard " + shardId + ")");
    }
    if (variant < 0 || variant >= MAX_VARIANTS) {
      throw new IllegalArgumentException(
          "shard.variant " + variant + " is out of range 0.." + (MAX_VARIANTS - 1));
    }
    if (shotCount < 1 || shotCount > MAX_SHOTS) {
      throw new IllegalArgumentException(
          "shard.shotCount " + shotCount + " is out of range 1.." + MAX_SHOTS);
    }
    if (shotIndex < 0 || shotIndex >= shotCount) {
      throw new IllegalArgumentException(
          "shard.shotIndex "
              + shotIndex
              + " is out of range 0.."
              + (shotCount - 1)
              + " (shotCount "
              + shotCount
              + ")");
    }
  }

  public AssemblyKey key() {
    return new AssemblyKey(jobId, variant);
  }
}
