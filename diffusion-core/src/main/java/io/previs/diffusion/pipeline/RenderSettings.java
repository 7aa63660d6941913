package io.previs.diffusion.pipeline;

import io.previs.diffusion.sampling.SolverKind;

/**
 * Per-render choices; null fields take the bundle's defaults.
 *
 * @param guidance overrides every expert's guidance scale when set
 */
public record RenderSettings(
    int width,
    int height,
    int frames,
    long seed,
    Integer steps,
    Double shift,
    SolverKind solver,
    Double guidance) {

  public static RenderSettings of(int width, int height, int frames, long seed) {
    return new RenderSettings(width, height, frames, seed, null, null, null, null);
  }

  public RenderSettings withSteps(int s) {
    return new RenderSettings(width, height, frames, seed, s, shift, solver, guidance);
  }

  public RenderSettings withSolver(SolverKind k) {
    return new RenderSettings(width, height, frames, seed, steps, shift, k, guidance);
  }

  public RenderSettings withShift(double s) {
    return new RenderSettings(width, height, frames, seed, steps, s, solver, guidance);
  }

  public RenderSettings withGuidance(double g) {
    return new RenderSettings(width, height, frames, seed, steps, shift, solver, g);
  }
}
