package io.previs.diffusion.sampling;

/**
 * Called after every denoising step with the progress and the live state (from which a caller may
 * take a {@link SamplerState#checkpoint}). Throwing stops the run; the state stays consistent at
 * the step just completed.
 */
@FunctionalInterface
public interface StepListener {

  StepListener NONE = (progress, state) -> {};

  void onStep(StepProgress progress, SamplerState state);

  /** Called after each window of a shot denoised in overlapping windows, within a step. */
  default void onWindow(WindowProgress progress) {}
}
