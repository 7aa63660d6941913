package io.previs.diffusion.sampling;

/**
 * The σ schedule and model timesteps of a flow-matching sampler, computed exactly as Wan2.2's
 * FlowUniPCMultistepScheduler does, operation for operation in IEEE doubles:
 *
 * <ol>
 *   <li>σ_max is the training schedule's first σ, 1 − 1/N, stored as float32 (0.999 → 0.99900001…);
 *   <li>σ_i = i·(0 − σ_max)/steps + σ_max for i &lt; steps (numpy linspace, endpoint dropped);
 *   <li>shifted σ'_i = shift·σ_i / (1 + (shift − 1)·σ_i);
 *   <li>timestep_i = σ'_i·N, truncated to an integer under {@link TimestepRounding#FLOOR};
 *   <li>σ' is then stored as float32 with a final 0 appended.
 * </ol>
 *
 * @param sigmas steps + 1 values, float32-rounded, the last 0
 * @param timesteps the value fed to the model at each of the steps
 */
public record FlowSchedule(double[] sigmas, double[] timesteps, int numTrainTimesteps) {

  public static FlowSchedule of(
      int steps, double shift, int numTrainTimesteps, TimestepRounding rounding) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be at least 1, got " + steps);
    }
    if (!(shift > 0)) {
      throw new IllegalArgumentException("shift must be positive, got " + shift);
    }
    double sigmaMax = (float) (1.0 - 1.0 / numTrainTimesteps);
    double delta = (0.0 - sigmaMax) / steps;
    double[] sigmas = new double[steps + 1];
    double[] timesteps = new double[steps];
    for (int i = 0; i < steps; i++) {
      double s = i * delta + sigmaMax;
      double shifted = shift * s / (1 + (shift - 1) * s);
      sigmas[i] = (float) shifted;
      timesteps[i] =
          rounding == TimestepRounding.FLOOR
              ? (double) (long) (shifted * numTrainTimesteps)
              : sigmas[i] * numTrainTimesteps;
    }
    sigmas[steps] = 0.0;
    return new FlowSchedule(sigmas, timesteps, numTrainTimesteps);
  }

  public int steps() {
    return timesteps.length;
  }
}
