package io.previs.diffusion.sampling;

import java.util.concurrent.CancellationException;

/**
 * Sampling stopped between two steps because its caller asked it to (or its thread was
 * interrupted). The state is consistent: it holds every completed step and can be checkpointed and
 * resumed bit-exactly.
 */
public final class SamplingStoppedException extends CancellationException {

  private final int nextStep;

  public SamplingStoppedException(int nextStep, String why) {
    super("sampling stopped before step " + nextStep + ": " + why);
    this.nextStep = nextStep;
  }

  /** The first step not run; also the number of steps completed. */
  public int nextStep() {
    return nextStep;
  }
}
