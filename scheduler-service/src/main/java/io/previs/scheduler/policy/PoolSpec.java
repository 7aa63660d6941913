package io.previs.scheduler.policy;

/**
 * A GPU pool as its workers declare it.
 *
 * @param memoryGb GPU memory of each of its GPUs
 * @param speed throughput relative to the reference GPU (1.0); an H100 is about 2× an A100 on
 *     diffusion transformers
 */
public record PoolSpec(String name, int memoryGb, double speed) {

  public PoolSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("pool name is required");
    }
    if (memoryGb < 0) {
      throw new IllegalArgumentException("memoryGb must not be negative");
    }
    if (!(speed > 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("speed must be positive: " + speed);
    }
  }

  boolean fits(int requiredMemoryGb) {
    return requiredMemoryGb <= memoryGb;
  }
}
