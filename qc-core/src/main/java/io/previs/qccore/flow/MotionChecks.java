package io.previs.qccore.flow;

import io.previs.qccore.config.FlowConfig;
import io.previs.qccore.flow.FlowAnalyzer.FlowSeries;
import io.previs.qccore.report.Check;
import io.previs.qccore.report.Findings;
import io.previs.qccore.stats.Outliers;
import io.previs.qccore.stats.Robust;
import io.previs.qccore.stats.Runs;
import java.util.ArrayList;
import java.util.List;

/**
 * The optical-flow checks, after the frame and face checks have claimed what they explain: jitter
 * (the field keeps changing), reversal (two direction flips a few frames apart, once jitter's many
 * flips are claimed), warp-error spikes (a change no motion explains), and whether the clip moves
 * at all.
 */
public final class MotionChecks {

  /**
   * @param dynamicDegree fraction of pairs that move
   */
  public record Result(double dynamicDegree) {}

  private MotionChecks() {}

  /**
   * @param shotStarts first frame of each shot after the first: the camera's dominant motion is a
   *     property of a shot, not of a clip with a cut in it
   */
  public static Result run(
      FlowSeries flow, FlowConfig cfg, boolean expectMotion, Findings f, List<Integer> shotStarts) {
    int n = flow.magnitude.size();
    jitter(flow, cfg, f, n);
    reversal(flow, cfg, f, n, shotStarts);
    warpError(flow, cfg, f, n);
    double dynamic = dynamicDegree(flow, cfg, n);
    if (expectMotion && n > 1 && dynamic < cfg.dynamicMinFraction()) {
      f.add(
          Check.STATIC,
          1 - dynamic,
          1 - cfg.dynamicMinFraction(),
          0,
          n - 1,
          null,
          String.format(
              "motion was asked for, but only %.0f %% of frame pairs move", 100 * dynamic));
    }
    return new Result(dynamic);
  }

  /**
   * Two ways to see motion running backwards. The flow field flips direction twice a few pairs
   * apart (any motion, local too: a character stepping back); or the camera-like part of the motion
   * (pan, zoom, roll) points against the clip's dominant camera motion for a run of pairs, which
   * still holds when one of the two flips is blurred by flow noise.
   */
  private static void reversal(
      FlowSeries flow, FlowConfig cfg, Findings f, int n, List<Integer> shotStarts) {
    List<Integer> flips = new ArrayList<>();
    for (int i = 2; i < n; i++) {
      boolean moving =
          flow.magnitude.get(i) >= cfg.reversalMinMotion()
              && flow.magnitude.get(i - 1) >= cfg.reversalMinMotion();
      if (moving
          && !f.claimed(i)
          && !f.claimed(i - 1)
          && flow.directionCosine.get(i) <= -cfg.reversalCosine()) {
        flips.add(i);
      }
    }
    for (int k = 0; k + 1 < flips.size(); k++) {
      int a = flips.get(k);
      int b = flips.get(k + 1);
      int frames = b - a;
      if (frames >= 2 && frames <= cfg.reversalMaxFrames()) {
        double score = -Math.max(flow.directionCosine.get(a), flow.directionCosine.get(b));
        report(f, cfg, score, a - 1, b - 1, frames);
        f.claim(a, b);
        k++;
      }
    }
    int start = 0;
    for (int end : shotStarts) {
      againstCamera(flow, cfg, f, start, end);
      start = end;
    }
    againstCamera(flow, cfg, f, start, n);
  }

  /** Pairs of one shot, [from, to), running against the shot's dominant camera motion. */
  private static void againstCamera(FlowSeries flow, FlowConfig cfg, Findings f, int from, int to) {
    int n = to - from;
    if (n < 6) {
      return;
    }
    double[][] m = new double[n][];
    double[][] components = new double[4][n];
    for (int k = 0; k < n; k++) {
      int i = from + k;
      m[k] = camera(flow, i);
      for (int c = 0; c < 4; c++) {
        components[c][k] = f.claimed(i) || i == from ? Double.NaN : m[k][c];
      }
    }
    double[] dominant = new double[4];
    for (int c = 0; c < 4; c++) {
      dominant[c] = Robust.median(components[c]);
    }
    double norm = length(dominant);
    if (!(norm >= cfg.reversalMinMotion())) {
      return;
    }
    boolean[] against = new boolean[n];
    double[] cosine = new double[n];
    for (int k = 1; k < n; k++) {
      double len = length(m[k]);
      if (f.claimed(from + k) || !(len >= norm / 2)) {
        continue;
      }
      double dot = 0;
      for (int c = 0; c < 4; c++) {
        dot += m[k][c] * dominant[c];
      }
      cosine[k] = dot / (len * norm);
      against[k] = cosine[k] <= -cfg.reversalCosine();
    }
    for (int[] run : Runs.of(against, 0)) {
      int frames = Runs.count(run);
      if (frames >= 2 && frames <= cfg.reversalMaxFrames() && frames < (n - 1) / 3) {
        double score = 0;
        for (int k = run[0]; k <= run[1]; k++) {
          score = Math.max(score, -cosine[k]);
        }
        report(f, cfg, score, from + run[0] - 1, from + run[1], frames);
        f.claim(from + run[0], from + run[1] + 1);
      }
    }
  }

  /** Pan, zoom and roll of pair i in comparable units: % of width at the frame's edge. */
  private static double[] camera(FlowSeries flow, int i) {
    return new double[] {
      flow.panX.get(i), flow.panY.get(i), 50 * flow.zoom.get(i), 50 * flow.rotation.get(i)
    };
  }

  private static double length(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  private static void report(
      Findings f, FlowConfig cfg, double score, int first, int last, int frames) {
    f.add(
        Check.REVERSAL,
        score,
        cfg.reversalCosine(),
        first,
        last,
        null,
        String.format("motion runs backwards for %d frames, then resumes", frames));
  }

  private static void jitter(FlowSeries flow, FlowConfig cfg, Findings f, int n) {
    double[] j = new double[n];
    for (int i = 0; i < n; i++) {
      j[i] = f.claimed(i) || f.claimed(i - 1) ? Double.NaN : flow.jitter.get(i);
    }
    double threshold =
        Math.max(cfg.jitterMin(), Robust.median(j) + cfg.jitterSigmas() * Robust.sigma(j));
    boolean[] high = new boolean[n];
    for (int i = 0; i < n; i++) {
      high[i] = j[i] >= threshold;
    }
    boolean[] shaky = new boolean[n];
    for (int i = 0; i < n; i++) {
      int count = 0;
      for (int k = i; k < Math.min(n, i + 5); k++) {
        count += high[k] ? 1 : 0;
      }
      if (count >= cfg.jitterMinPairs()) {
        for (int k = i; k < Math.min(n, i + 5); k++) {
          shaky[k] |= high[k];
        }
      }
    }
    for (int[] run : Runs.of(shaky, 3)) {
      double score = 0;
      for (int i = run[0]; i <= run[1]; i++) {
        score = Double.isFinite(j[i]) ? Math.max(score, j[i]) : score;
      }
      f.add(
          Check.JITTER,
          score,
          threshold,
          run[0] - 2,
          run[1],
          null,
          String.format("motion shakes: the flow field changes by up to %.2f %% of width", score));
      f.claim(run[0], run[1]);
    }
  }

  private static void warpError(FlowSeries flow, FlowConfig cfg, Findings f, int n) {
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = f.claimed(i) ? Double.NaN : flow.warpError.get(i);
    }
    double med = Robust.median(w);
    double[] thresholds =
        Outliers.thresholds(
            w, cfg.warpErrorMinLevels(), cfg.warpErrorSigmas(), cfg.warpErrorRatio());
    boolean[] spike = new boolean[n];
    for (int i = 0; i < n; i++) {
      spike[i] = w[i] >= thresholds[i];
    }
    for (int[] run : Runs.of(spike, 0)) {
      double score = 0;
      double threshold = 0;
      for (int i = run[0]; i <= run[1]; i++) {
        if (w[i] > score) {
          score = w[i];
          threshold = thresholds[i];
        }
      }
      f.add(
          Check.WARP_ERROR,
          score,
          threshold,
          run[0] - 1,
          run[1],
          null,
          String.format(
              "motion does not explain the change (residual %.1f levels, clip median %.1f)",
              score, med));
      f.claim(run[0], run[1]);
    }
  }

  static double dynamicDegree(FlowSeries flow, FlowConfig cfg, int n) {
    int pairs = 0;
    int moving = 0;
    for (int i = 1; i < n; i++) {
      double top = flow.topMagnitude.get(i);
      if (Double.isFinite(top)) {
        pairs++;
        moving += top >= cfg.dynamicThreshold() ? 1 : 0;
      }
    }
    return pairs == 0 ? 0 : (double) moving / pairs;
  }
}
