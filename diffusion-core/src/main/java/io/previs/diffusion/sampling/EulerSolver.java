package io.previs.diffusion.sampling;

import java.io.DataInput;
import java.io.DataOutput;

/** x_{i+1} = x_i + (σ_{i+1} − σ_i)·v: first order, no history. */
final class EulerSolver implements Solver {

  private final double[] sigmas;

  EulerSolver(FlowSchedule schedule) {
    this.sigmas = schedule.sigmas();
  }

  @Override
  public void step(int i, double[] x, double[] v) {
    double dt = sigmas[i + 1] - sigmas[i];
    for (int j = 0; j < x.length; j++) {
      x[j] += dt * v[j];
    }
  }

  @Override
  public int lastOrder() {
    return 1;
  }

  @Override
  public void save(DataOutput out) {}

  @Override
  public void restore(DataInput in) {}
}
