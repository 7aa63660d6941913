package io.previs.contracts.job;

/**
 * What a shard cost on the GPU pool, the unit a farm bills in: time inside model runs (denoiser
 * experts and VAE decode) on the device that ran them, summed over every attempt but never twice
 * for the same step — a resumed shard carries its earlier attempt's cost up to the checkpoint it
 * resumed from; steps a lost worker ran past its last checkpoint are the farm's loss, not billed.
 *
 * @param deviceSeconds seconds inside model runs
 * @param modelRuns how many model runs that was (two per guided step, one per VAE chunk)
 * @param steps denoising steps billed
 * @param pool the GPU pool of the worker that completed the shard (e.g. "a100", "h100")
 */
public record GpuUsage(
    double deviceSeconds, long modelRuns, int steps, String modelId, String pool) {

  public static GpuUsage zero(String modelId, String pool) {
    return new GpuUsage(0, 0, 0, modelId, pool);
  }
}
