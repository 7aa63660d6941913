package io.previs.scheduler.policy;

/**
 * What one studio may use of the farm. Zero means no limit for every field but the weight.
 *
 * @param weight the studio's share of a priority class against other studios in it (fair share in
 *     GPU-seconds; equal weights split a contended class equally)
 * @param maxGpus GPUs the studio may hold at once, across pools
 * @param maxQueuedJobs jobs the studio may have accepted and not yet finished (the gateway answers
 *     429 past it)
 * @param dailyGpuSeconds GPU-seconds per UTC day; past it no new shard of the studio starts
 * @param monthlyGpuSeconds GPU-seconds per UTC month, likewise
 */
public record Quota(
    double weight,
    int maxGpus,
    int maxQueuedJobs,
    double dailyGpuSeconds,
    double monthlyGpuSeconds) {

  public static final Quota UNLIMITED = new Quota(1, 0, 0, 0, 0);

  public Quota {
    if (!(weight > 0) || Double.isInfinite(weight) || weight > 1000) {
      throw new IllegalArgumentException("weight must be in (0, 1000]: " + weight);
    }
    if (maxGpus < 0 || maxQueuedJobs < 0) {
      throw new IllegalArgumentException("maxGpus and maxQueuedJobs must not be negative");
    }
    if (dailyGpuSeconds < 0
        || monthlyGpuSeconds < 0
        || Double.isNaN(dailyGpuSeconds)
        || Double.isNaN(monthlyGpuSeconds)) {
      throw new IllegalArgumentException("budgets must not be negative");
    }
  }

  boolean gpuCapReached(int inUse) {
    return maxGpus > 0 && inUse >= maxGpus;
  }
}
