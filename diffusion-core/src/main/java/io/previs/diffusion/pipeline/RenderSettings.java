package io.previs.diffusion.pipeline;

import io.previs.diffusion.sampling.SolverKind;

/**
 * Per-render choices; null fields take the bundle's defaults.
 *
 * @param guidance overrides every expert's guidance scale when set
 * @param windowOverlap for a shot longer than the model's window: latent frames its windows share
 *     (null: a quarter of the window)
 */
public record RenderSettings(
    int width,
    int height,
    int frames,
    long seed,
    Integer steps,
    Double shift,
    SolverKind solver,
    Double guidance,
    Integer windowOverlap) {

  public RenderSettings(
      int width,
      int height,
      int frames,
      long seed,
      Integer steps,
      Double shift,
      SolverKind solver,
      Double guidance) {
    this(width, height, frames, seed, steps, shift, solver, guidance, null);
  }

  public static RenderSettings of(int width, int height, int frames, long seed) {
    return new RenderSettings(width, height, frames, seed, null, null, null, null, null);
  }

  public RenderSettings withWindowOverlap(int latentFrames) {
    return new RenderSettings(
        width, height, frames, seed, steps, shift, solver, guidance, latentFrames);
  }

  public RenderSettings withSteps(int s) {
    return new RenderSettings(
        width, height, frames, seed, s, shift, solver, guidance, windowOverlap);
  }

  public RenderSettings withSolver(SolverKind k) {
    return new RenderSettings(
        width, height, frames, seed, steps, shift, k, guidance, windowOverlap);
  }

  public RenderSettings withShift(double s) {
    return new RenderSettings(
        width, height, frames, seed, steps, s, solver, guidance, windowOverlap);
  }

  public RenderSettings withGuidance(double g) {
    return new RenderSettings(width, height, frames, seed, steps, shift, solver, g, windowOverlap);
  }
}
