package io.previs.diffusion.sampling;

/**
 * One window of a long shot denoised within a step: each step denoises every window of the shot,
 * once per guidance pass (with the prompt, then without it), so on a long 720p shot a step takes
 * many model runs and this is the progress between two {@link StepProgress} reports.
 *
 * @param step zero-based index of the step in progress
 * @param window zero-based index of the window just denoised
 * @param pass zero-based guidance pass (0: with the prompt; 1: without it)
 * @param passes guidance passes per step (1 without classifier-free guidance)
 */
public record WindowProgress(
    int step,
    int steps,
    String expertName,
    double sigma,
    int window,
    int windows,
    int pass,
    int passes,
    long elapsedNanos) {

  /** The fraction of the whole schedule done once this window is. */
  public double fractionDone() {
    double inStep = (pass * windows + window + 1) / (double) (passes * windows);
    return (step + inStep) / steps;
  }
}
