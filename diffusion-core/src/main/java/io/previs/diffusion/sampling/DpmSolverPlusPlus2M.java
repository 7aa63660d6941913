package io.previs.diffusion.sampling;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * DPM-Solver++(2M) (Lu et al., 2022, Algorithm 2) in data prediction for flow matching, α = 1 − σ:
 *
 * <pre>
 * x_t = (σ_t/σ_s)·x − α_t·(e^{−h} − 1)·(D0 + D1/2),  D0 = m_s,  D1 = (m_s − m_prev)/r,  r = h_prev/h
 * </pre>
 *
 * First order on the first step and on the final step to σ = 0 (as diffusers does when the final σ
 * is zero).
 */
final class DpmSolverPlusPlus2M implements Solver {

  private final double[] sigmas;
  private final int steps;
  private final int size;
  private double[] previous;
  private double[] current;
  private boolean hasPrevious;
  private int lastOrder;

  DpmSolverPlusPlus2M(FlowSchedule schedule, int size) {
    this.sigmas = schedule.sigmas();
    this.steps = schedule.steps();
    this.size = size;
  }

  @Override
  public void step(int i, double[] x, double[] v) {
    double sigmaS = sigmas[i];
    double sigmaT = sigmas[i + 1];
    double alphaT = 1 - sigmaT;
    double lambdaS = UniPcSolver.lambda(sigmaS);
    double h = UniPcSolver.lambda(sigmaT) - lambdaS;
    double[] m = current == null ? new double[size] : current;
    for (int j = 0; j < size; j++) {
      m[j] = x[j] - sigmaS * v[j];
    }
    double a = sigmaT / sigmaS;
    double b = alphaT * StrictMath.expm1(-h);
    boolean secondOrder = hasPrevious && i < steps - 1;
    if (secondOrder) {
      double r = (lambdaS - UniPcSolver.lambda(sigmas[i - 1])) / h;
      double half = 0.5 / r;
      for (int j = 0; j < size; j++) {
        double d1 = (m[j] - previous[j]) * half;
        x[j] = a * x[j] - b * (m[j] + d1);
      }
    } else {
      for (int j = 0; j < size; j++) {
        x[j] = a * x[j] - b * m[j];
      }
    }
    current = previous;
    previous = m;
    hasPrevious = true;
    lastOrder = secondOrder ? 2 : 1;
  }

  @Override
  public int lastOrder() {
    return lastOrder;
  }

  @Override
  public void save(DataOutput out) throws IOException {
    out.writeBoolean(hasPrevious);
    if (hasPrevious) {
      ArrayIo.writeDoubles(out, previous);
    }
    out.writeInt(lastOrder);
  }

  @Override
  public void restore(DataInput in) throws IOException {
    hasPrevious = in.readBoolean();
    previous = hasPrevious ? ArrayIo.readDoubles(in, size) : null;
    current = null;
    lastOrder = in.readInt();
  }
}
