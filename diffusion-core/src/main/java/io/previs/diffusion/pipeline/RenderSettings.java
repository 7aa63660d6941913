package io.previs.diffusion.pipeline;

import io.previs.diffusion.sampling.SolverKind;
import io.previs.diffusion.sampling.Variation;

/**
 * Per-render choices; null fields take the bundle's defaults.
 *
 * @param guidance overrides every expert's guidance scale when set
 * @param windowOverlap for a shot longer than the model's window: latent frames its windows share
 *     (null: a quarter of the window)
 * @param variation the take this one stays close to ("more like this"), or null
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
    Integer windowOverlap,
    Variation variation) {

  public RenderSettings(
      int width,
      int height,
      int frames,
      long seed,
      Integer steps,
      Double shift,
      SolverKind solver,
      Double guidance,
      Integer windowOverlap) {
    this(width, height, frames, seed, steps, shift, solver, guidance, windowOverlap, null);
  }

  public RenderSettings(
      int width,
      int height,
      int frames,
      long seed,
      Integer steps,
      Double shift,
      SolverKind solver,
      Double guidance) {
    this(width, height, frames, seed, steps, shift, solver, guidance, null, null);
  }

  public static RenderSettings of(int width, int height, int frames, long seed) {
    return new RenderSettings(width, height, frames, seed, null, null, null, null, null, null);
  }

  public RenderSettings withWindowOverlap(int latentFrames) {
    return new RenderSettings(
        width, height, frames, seed, steps, shift, solver, guidance, latentFrames, variation);
  }

  public RenderSettings withSteps(int s) {
    return new RenderSettings(
        width, height, frames, seed, s, shift, solver, guidance, windowOverlap, variation);
  }

  public RenderSettings withSolver(SolverKind k) {
    return new RenderSettings(
        width, height, frames, seed, steps, shift, k, guidance, windowOverlap, variation);
  }

  public RenderSettings withShift(double s) {
    return new RenderSettings(
        width, height, frames, seed, steps, s, solver, guidance, windowOverlap, variation);
  }

  public RenderSettings withGuidance(double g) {
    return new RenderSettings(
        width, height, frames, seed, steps, shift, solver, g, windowOverlap, variation);
  }

  /** Near the take of {@code chosenSeed} ("more like this"; see {@link Variation}). */
  public RenderSettings withVariation(long chosenSeed, double strength) {
    return new RenderSettings(
        width,
        height,
        frames,
        seed,
        steps,
        shift,
        solver,
        guidance,
        windowOverlap,
        new Variation(chosenSeed, strength));
  }
}
