package io.previs.qccore.similarity;

import io.previs.qccore.config.SimilarityConfig;
import io.previs.qccore.flow.FlowAnalyzer.FlowSeries;
import io.previs.qccore.report.Check;
import io.previs.qccore.report.Findings;
import io.previs.qccore.similarity.SimilarityAnalyzer.SimilaritySeries;
import io.previs.qccore.stats.DoubleSeries;
import io.previs.qccore.stats.Robust;
import io.previs.qccore.stats.Runs;

/** similarity.flicker: brightness or colour oscillating. */
final class FlickerCheck {

  /**
   * Motion (% of width) above which a direction flip is real: DIS reports a few hundredths of
   * random flow on a still, flickering frame, whose direction means nothing.
   */
  private static final double TURN_MOTION = 0.2;

  private FlickerCheck() {}

  /**
   * Flicker is brightness or colour swinging away and back: at frame i the change into it and the
   * change out of it have opposite signs and both are large. Brightness is the motion-compensated
   * change (so a bright object moving through is not flicker); colour balance must swing the same
   * way in all four quadrants (so a coloured object passing is not flicker), and is not counted
   * where the motion itself turns round (at a reversal's turning point the raw colour means swing
   * too; the motion checks report it).
   */
  static void run(SimilaritySeries sim, FlowSeries flow, SimilarityConfig cfg, Findings f, int n) {
    double[] luma = new double[n];
    for (int i = 1; i < n; i++) {
      double dy = flow.brightnessChange.get(i);
      luma[i] = Double.isFinite(dy) ? dy : sim.lumaMean.get(i) - sim.lumaMean.get(i - 1);
    }
    double[] swing = new double[n];
    java.util.Arrays.fill(swing, Double.NaN);
    // never below the warp error that is motion evidence of a cut: a locked-off shot's median is a
    // fraction of a level, and a flicker's own residual would otherwise exceed a multiple of it
    double warpLimit =
        Math.max(
            cfg.cutMinWarpError(),
            cfg.flickerMaxWarpRatio() * Robust.median(flow.warpError.toArray(n)));
    for (int i = 1; i < n - 1; i++) {
      if (f.claimed(i) || f.claimed(i + 1)) {
        continue;
      }
      // a pair the flow could not explain: its brightness change is what came into view
      boolean measured =
          !(flow.warpError.get(i) > warpLimit) && !(flow.warpError.get(i + 1) > warpLimit);
      double s = measured ? swing(luma[i], luma[i + 1]) : 0;
      if (!turns(flow, i + 1)) {
        s = Math.max(s, colourSwing(sim.redBalance, i));
        s = Math.max(s, colourSwing(sim.blueBalance, i));
      }
      swing[i] = s;
    }
    double threshold =
        Math.max(
            cfg.flickerMinLevels(),
            Robust.median(swing) + cfg.flickerSigmas() * Robust.sigma(swing));
    boolean[] flicker = new boolean[n];
    for (int i = 0; i < n; i++) {
      flicker[i] = swing[i] >= threshold;
    }
    for (int[] run : Runs.of(flicker, 2)) {
      double score = 0;
      for (int i = run[0]; i <= run[1]; i++) {
        score = Double.isFinite(swing[i]) ? Math.max(score, swing[i]) : score;
      }
      f.add(
          Check.FLICKER,
          score,
          threshold,
          run[0],
          run[1],
          null,
          String.format("brightness or colour swings by %.1f levels and back", score));
      f.claim(run[0], run[1] + 1);
    }
  }

  private static double swing(double into, double outOf) {
    return into * outOf < 0 ? Math.min(Math.abs(into), Math.abs(outOf)) : 0;
  }

  /** The smallest swing among the quadrants, 0 unless all four swing the same way. */
  private static double colourSwing(DoubleSeries[] quadrants, int i) {
    double least = Double.POSITIVE_INFINITY;
    double sign = 0;
    for (DoubleSeries q : quadrants) {
      double into = q.get(i) - q.get(i - 1);
      double outOf = q.get(i + 1) - q.get(i);
      double s = swing(into, outOf);
      if (s == 0 || (sign != 0 && Math.signum(into) != sign)) {
        return 0;
      }
      sign = Math.signum(into);
      least = Math.min(least, s);
    }
    return least;
  }

  /** The flow field at pair i points against the previous pair's: the motion turned round. */
  private static boolean turns(FlowSeries flow, int i) {
    return flow.directionCosine.get(i) <= -0.5
        && flow.magnitude.get(i) >= TURN_MOTION
        && flow.magnitude.get(i - 1) >= TURN_MOTION;
  }
}
