package io.previs.diffusion.sampling;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One ODE solver over a {@link FlowSchedule}: x_t = (1 − σ)·x0 + σ·ε, velocity v = ε − x0,
 * integrated from σ_0 down to 0. Multistep solvers keep history, which {@link #save}/{@link
 * #restore} carry across a checkpoint so that a resumed run is bit-identical to an uninterrupted
 * one.
 */
public interface Solver {

  /** Advances {@code x} in place from σ_i to σ_{i+1}, given the guided velocity at (x, σ_i). */
  void step(int i, double[] x, double[] velocity);

  /** The order of the update the last {@link #step} applied (reported with progress). */
  int lastOrder();

  void save(DataOutput out) throws IOException;

  void restore(DataInput in) throws IOException;

  static Solver create(SolverKind kind, FlowSchedule schedule, int size) {
    return switch (kind) {
      case EULER -> new EulerSolver(schedule);
      case UNIPC -> new UniPcSolver(schedule, size);
      case DPMPP_2M -> new DpmSolverPlusPlus2M(schedule, size);
    };
  }
}
