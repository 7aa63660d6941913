package io.previs.diffusion.sampling;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * UniPC multistep (Zhao et al., NeurIPS 2023) as Wan2.2 configures it for flow matching: order 2,
 * data (x0) prediction, B(h) = expm1(−h) ("bh2"), the UniC corrector on every step after the first,
 * and lower order at the final step. With α = 1 − σ and λ = log α − log σ, the predictor is
 *
 * <pre>x_t = (σ_t/σ_s)·x − α_t·(e^{−h} − 1)·m_s − α_t·B(h)·Σ ρ_k·D_k,   h = λ_t − λ_s</pre>
 *
 * where m are x0 predictions (x − σ·v), D_k divided differences of earlier predictions, and ρ
 * solves the order conditions (eq. 7 and Algorithm 2 of the paper); order 2 uses ρ_p = ½. The
 * corrector re-applies the update from the previous point with the new prediction included.
 */
final class UniPcSolver implements Solver {

  static final int ORDER = 2;

  private final double[] sigmas;
  private final int steps;
  private final int size;

  /** Model outputs (x0 predictions), oldest first; count ≤ ORDER. */
  private final double[][] history = new double[ORDER][];

  private int historyCount;
  private double[] spare;
  private double[] lastSample;
  private boolean hasLastSample;
  private int lowerOrderNums;
  private int previousOrder;
  private int lastOrder;

  UniPcSolver(FlowSchedule schedule, int size) {
    this.sigmas = schedule.sigmas();
    this.steps = schedule.steps();
    this.size = size;
  }

  @Override
  public void step(int i, double[] x, double[] v) {
    double sigma = sigmas[i];
    double[] m = spare == null ? new double[size] : spare;
    spare = null;
    for (int j = 0; j < size; j++) {
      m[j] = x[j] - sigma * v[j];
    }
    if (i > 0 && hasLastSample) {
      correct(i, x, m, previousOrder);
    }
    push(m);
    int order = Math.min(ORDER, steps - i);
    order = Math.min(order, lowerOrderNums + 1);
    if (lastSample == null) {
      lastSample = new double[size];
    }
    System.arraycopy(x, 0, lastSample, 0, size);
    hasLastSample = true;
    predict(i, x, order);
    if (lowerOrderNums < ORDER) {
      lowerOrderNums++;
    }
    previousOrder = order;
    lastOrder = order;
  }

  private void push(double[] m) {
    if (historyCount == ORDER) {
      spare = history[0];
      System.arraycopy(history, 1, history, 0, ORDER - 1);
      history[ORDER - 1] = m;
    } else {
      history[historyCount++] = m;
    }
  }

  /** UniP: advances x from σ_i to σ_{i+1}; the newest history entry is m_i. */
  private void predict(int i, double[] x, int order) {
    double sigmaT = sigmas[i + 1];
    double sigmaS = sigmas[i];
    double alphaT = 1 - sigmaT;
    double h = lambda(sigmaT) - lambda(sigmaS);
    double[] m0 = history[historyCount - 1];
    int extra = order - 1;
    double[] rk = new double[extra];
    double[][] mk = new double[extra][];
    for (int k = 1; k <= extra; k++) {
      rk[k - 1] = (lambda(sigmas[i - k]) - lambda(sigmaS)) / h;
      mk[k - 1] = history[historyCount - 1 - k];
    }
    Coefficients c = Coefficients.of(h, rk, order);
    double[] rhos =
        extra == 0 ? new double[0] : (order == 2 ? new double[] {0.5} : c.solvePredictor());
    double a = sigmaT / sigmaS;
    double b = alphaT * c.hPhi1;
    double d = alphaT * c.bh;
    for (int j = 0; j < size; j++) {
      double res = 0;
      for (int k = 0; k < extra; k++) {
        res += rhos[k] * (mk[k][j] - m0[j]) / rk[k];
      }
      x[j] = a * x[j] - b * m0[j] - d * res;
    }
  }

  /** UniC: corrects this_sample x (at σ_i) using last_sample (at σ_{i−1}) and the new m_t. */
  private void correct(int i, double[] x, double[] mT, int order) {
    double sigmaT = sigmas[i];
    double sigmaS = sigmas[i - 1];
    double alphaT = 1 - sigmaT;
    double h = lambda(sigmaT) - lambda(sigmaS);
    double[] m0 = history[historyCount - 1];
    int extra = order - 1;
    double[] rk = new double[extra];
    double[][] mk = new double[extra][];
    for (int k = 1; k <= extra; k++) {
      rk[k - 1] = (lambda(sigmas[i - (k + 1)]) - lambda(sigmaS)) / h;
      mk[k - 1] = history[historyCount - 1 - k];
    }
    Coefficients c = Coefficients.of(h, rk, order);
    double[] rhos = order == 1 ? new double[] {0.5} : c.solveCorrector();
    double a = sigmaT / sigmaS;
    double b = alphaT * c.hPhi1;
    double d = alphaT * c.bh;
    double rhoT = rhos[order - 1];
    double[] last = lastSample;
    for (int j = 0; j < size; j++) {
      double res = 0;
      for (int k = 0; k < extra; k++) {
        res += rhos[k] * (mk[k][j] - m0[j]) / rk[k];
      }
      x[j] = a * last[j] - b * m0[j] - d * (res + rhoT * (mT[j] - m0[j]));
    }
  }

  /** λ = log α − log σ with α = 1 − σ; +∞ at σ = 0. StrictMath keeps it identical across JVMs. */
  static double lambda(double sigma) {
    return StrictMath.log(1 - sigma) - StrictMath.log(sigma);
  }

  @Override
  public int lastOrder() {
    return lastOrder;
  }

  @Override
  public void save(DataOutput out) throws IOException {
    out.writeInt(historyCount);
    for (int k = 0; k < historyCount; k++) {
      ArrayIo.writeDoubles(out, history[k]);
    }
    out.writeBoolean(hasLastSample);
    if (hasLastSample) {
      ArrayIo.writeDoubles(out, lastSample);
    }
    out.writeInt(lowerOrderNums);
    out.writeInt(previousOrder);
    out.writeInt(lastOrder);
  }

  @Override
  public void restore(DataInput in) throws IOException {
    historyCount = in.readInt();
    if (historyCount < 0 || historyCount > ORDER) {
      throw new IOException("corrupt UniPC state: history " + historyCount);
    }
    for (int k = 0; k < historyCount; k++) {
      history[k] = ArrayIo.readDoubles(in, size);
    }
    hasLastSample = in.readBoolean();
    lastSample = hasLastSample ? ArrayIo.readDoubles(in, size) : null;
    lowerOrderNums = in.readInt();
    previousOrder = in.readInt();
    lastOrder = in.readInt();
    spare = null;
  }

  /**
   * The φ-function coefficients shared by UniP and UniC: with hh = −h, h·φ₁ = expm1(hh), B(h) =
   * expm1(hh), R_k = r^(k−1) over r = (r_1 … r_{p−1}, 1) and b_k = k!·φ_{k+1}(hh)·hh / B(h).
   */
  record Coefficients(double hPhi1, double bh, double[][] r, double[] b) {

    static Coefficients of(double h, double[] rk, int order) {
      double hh = -h;
      double hPhi1 = StrictMath.expm1(hh);
      double hPhiK = hPhi1 / hh - 1;
      double bh = StrictMath.expm1(hh);
      double[] rks = new double[order];
      System.arraycopy(rk, 0, rks, 0, rk.length);
      rks[order - 1] = 1.0;
      double[][] r = new double[order][order];
      double[] b = new double[order];
      double factorial = 1;
      for (int k = 1; k <= order; k++) {
        for (int c = 0; c < order; c++) {
          r[k - 1][c] = StrictMath.pow(rks[c], k - 1);
        }
        b[k - 1] = hPhiK * factorial / bh;
        factorial *= k + 1;
        hPhiK = hPhiK / hh - 1 / factorial;
      }
      return new Coefficients(hPhi1, bh, r, b);
    }

    /** ρ_p from the leading (p−1)×(p−1) block (orders above 2; order 2 uses ½). */
    double[] solvePredictor() {
      int n = b.length - 1;
      double[][] a = new double[n][];
      for (int k = 0; k < n; k++) {
        a[k] = Arrays.copyOf(r[k], n);
      }
      return LinearSolve.solve(a, Arrays.copyOf(b, n));
    }

    double[] solveCorrector() {
      double[][] a = new double[b.length][];
      for (int k = 0; k < b.length; k++) {
        a[k] = r[k].clone();
      }
      return LinearSolve.solve(a, b.clone());
    }
  }
}
