package io.previs.diffusion.sampling;

import io.previs.diffusion.text.TextEmbedding;

/**
 * Runs a {@link SamplePlan} against a {@link Denoiser}: seeded noise, then per step the expert the
 * boundary rule picks, classifier-free guidance v = v_u + g·(v_c − v_u) with that expert's scale,
 * and one solver update. The loop allocates nothing per step beyond what the denoiser does.
 */
public final class Sampler {

  private Sampler() {}

  /**
   * A fresh state: x at σ_0 is pure noise ε, as in Wan (not (1 − σ_0)·x0 + σ_0·ε); for a variation,
   * the chosen take's noise turned towards this one's (see {@link Variation}).
   */
  public static SamplerState start(SamplePlan plan) {
    int n = plan.latentSize();
    double[] latent = new double[n];
    GaussianNoise.fill(plan.seed(), GaussianNoise.INITIAL_LATENT, 0, latent);
    if (plan.variation() != null) {
      plan.variation().mix(latent, 0);
    }
    return new SamplerState(plan, latent, Solver.create(plan.solver(), plan.schedule(), n), 0, n);
  }

  /** Asked between steps whether to stop; a worker sets it when it is told to shut down. */
  @FunctionalInterface
  public interface StopRequest {
    StopRequest NEVER = () -> false;

    boolean requested();
  }

  /** Runs every remaining step. */
  public static void run(
      SamplerState state,
      Denoiser denoiser,
      TextEmbedding positive,
      TextEmbedding negative,
      StepListener listener) {
    run(state, denoiser, positive, negative, listener, StopRequest.NEVER);
  }

  /**
   * Runs every remaining step unless asked to stop; stopping happens only between steps, never
   * inside a model call.
   *
   * @throws SamplingStoppedException when {@code stop} is requested or the thread is interrupted
   *     between steps; the state then holds every completed step
   */
  public static void run(
      SamplerState state,
      Denoiser denoiser,
      TextEmbedding positive,
      TextEmbedding negative,
      StepListener listener,
      StopRequest stop) {
    run(state, denoiser, positive, negative, listener, state.plan().schedule().steps(), stop);
  }

  /**
   * Runs steps until {@code untilStep} (exclusive) or the end.
   *
   * @throws SamplingStoppedException when the thread is interrupted between steps
   */
  public static void run(
      SamplerState state,
      Denoiser denoiser,
      TextEmbedding positive,
      TextEmbedding negative,
      StepListener listener,
      int untilStep) {
    run(state, denoiser, positive, negative, listener, untilStep, StopRequest.NEVER);
  }

  private static void run(
      SamplerState state,
      Denoiser denoiser,
      TextEmbedding positive,
      TextEmbedding negative,
      StepListener listener,
      int untilStep,
      StopRequest stop) {
    SamplePlan plan = state.plan();
    if (plan.windows().windowed() && !(denoiser instanceof WindowedDenoiser)) {
      denoiser = new WindowedDenoiser(denoiser, plan.windows());
    }
    FlowSchedule schedule = plan.schedule();
    // step, pass and passes of the model call in flight, for the windows' progress
    int[] at = new int[3];
    long[] since = {System.nanoTime()};
    if (denoiser instanceof WindowedDenoiser wd) {
      wd.onWindow(
          (k, windows) ->
              listener.onWindow(
                  new WindowProgress(
                      at[0],
                      schedule.steps(),
                      plan.expertNames().get(plan.expertAt(at[0])),
                      schedule.sigmas()[at[0]],
                      k,
                      windows,
                      at[1],
                      at[2],
                      System.nanoTime() - since[0])));
    }
    int n = plan.latentSize();
    double[] x = state.latent();
    double[] cond = new double[n];
    double[] uncond = new double[n];
    long started = since[0];
    int end = Math.min(untilStep, schedule.steps());
    while (state.nextStep() < end) {
      if (Thread.currentThread().isInterrupted()) {
        throw new SamplingStoppedException(state.nextStep(), "the thread was interrupted");
      }
      if (stop.requested()) {
        throw new SamplingStoppedException(state.nextStep(), "a stop was requested");
      }
      int i = state.nextStep();
      long t0 = System.nanoTime();
      int expert = plan.expertAt(i);
      double g = plan.guidance()[expert];
      double timestep = schedule.timesteps()[i];
      at[0] = i;
      at[1] = 0;
      at[2] = g != 1.0 ? 2 : 1;
      denoiser.velocity(expert, x, plan.latentShape(), timestep, positive, cond);
      if (g != 1.0) {
        at[1] = 1;
        denoiser.velocity(expert, x, plan.latentShape(), timestep, negative, uncond);
        for (int j = 0; j < n; j++) {
          cond[j] = uncond[j] + g * (cond[j] - uncond[j]);
        }
      }
      state.solver().step(i, x, cond);
      state.advance();
      long now = System.nanoTime();
      listener.onStep(
          new StepProgress(
              i,
              schedule.steps(),
              expert,
              plan.expertNames().get(expert),
              schedule.sigmas()[i],
              timestep,
              g,
              state.solver().lastOrder(),
              now - t0,
              now - started),
          state);
    }
  }
}
