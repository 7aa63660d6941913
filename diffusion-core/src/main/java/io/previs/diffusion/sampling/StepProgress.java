package io.previs.diffusion.sampling;

/**
 * What one completed denoising step reports: which expert ran, at which σ and timestep, with which
 * guidance and solver order, and how long it took.
 *
 * @param step zero-based index of the step just completed
 * @param steps total steps in the schedule
 */
public record StepProgress(
    int step,
    int steps,
    int expert,
    String expertName,
    double sigma,
    double timestep,
    double guidance,
    int solverOrder,
    long stepNanos,
    long elapsedNanos) {

  public double fractionDone() {
    return (step + 1) / (double) steps;
  }
}
