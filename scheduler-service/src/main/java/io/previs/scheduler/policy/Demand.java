package io.previs.scheduler.policy;

/**
 * One shard's claim on the GPU pool, as much of it as the policy needs: who it is for, what it
 * costs, and where it can run. The shard task itself (prompt, embeddings, settings) stays with the
 * adapter; the policy never reads it.
 *
 * @param workUnits denoising steps × frames × megapixels: what the shard costs, model-independent
 *     (a model's measured seconds per unit turns it into GPU-seconds, see {@link CostModel})
 * @param requiredMemoryGb the least GPU memory the model needs at this size (0: any GPU)
 */
public record Demand(
    String shardId,
    String jobId,
    String studio,
    String modelId,
    double workUnits,
    int requiredMemoryGb) {

  public Demand {
    if (shardId == null || jobId == null || studio == null || modelId == null) {
      throw new IllegalArgumentException("shardId, jobId, studio and modelId are required");
    }
    if (!(workUnits > 0) || Double.isInfinite(workUnits)) {
      throw new IllegalArgumentException("workUnits must be positive and finite: " + workUnits);
    }
    if (requiredMemoryGb < 0) {
      throw new IllegalArgumentException("requiredMemoryGb must not be negative");
    }
  }

  /** Steps × frames × width × height / 10⁶. */
  public static double units(int steps, int frames, int width, int height) {
    return (double) steps * frames * width * height / 1e6;
  }
}
