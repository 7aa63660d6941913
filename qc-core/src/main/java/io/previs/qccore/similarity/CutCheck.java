package io.previs.qccore.similarity;

import io.previs.qccore.config.SimilarityConfig;
import io.previs.qccore.flow.FlowAnalyzer.FlowSeries;
import io.previs.qccore.report.Check;
import io.previs.qccore.report.Findings;
import io.previs.qccore.similarity.SimilarityAnalyzer.SimilaritySeries;
import io.previs.qccore.stats.Outliers;
import io.previs.qccore.stats.Runs;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/** similarity.cut: jump cuts and sudden scene changes inside the shot. */
final class CutCheck {

  private CutCheck() {}

  /**
   * A cut is a pair whose structure (SSIM) or colour distribution (histogram) changed and whose
   * motion is discontinuous: motion cannot explain the change (warp error), or the whole view
   * jumped in one frame (flow magnitude); each an outlier against the clip's own pairs. Requiring
   * both kinds of evidence is what keeps a fast pan (low SSIM, low warp error, steady motion), a
   * flicker (histogram shift, low warp error after the gain fit) and a local change (a face
   * vanishing: raised warp error, steady SSIM and histogram) from looking like cuts.
   */
  static List<Integer> run(
      SimilaritySeries sim,
      FlowSeries flow,
      SimilarityConfig cfg,
      Findings f,
      int n,
      IntPredicate continuity) {
    double[] dis = new double[n];
    double[] hist = new double[n];
    double[] warp = new double[n];
    for (int i = 0; i < n; i++) {
      boolean skip = i == 0 || f.claimed(i);
      dis[i] = skip ? Double.NaN : 1 - sim.ssim.get(i);
      hist[i] = skip ? Double.NaN : 1 - sim.histCorrelation.get(i);
      warp[i] = skip ? Double.NaN : flow.warpError.get(i);
    }
    double[] motion = new double[n];
    for (int i = 0; i < n; i++) {
      motion[i] = i == 0 || f.claimed(i) ? Double.NaN : flow.magnitude.get(i);
    }
    double[] disThreshold =
        outlier(dis, cfg.cutMinDissimilarity(), cfg.cutCertainDissimilarity(), cfg);
    double[] histThreshold =
        outlier(hist, cfg.cutMinHistogramDistance(), cfg.cutCertainHistogramDistance(), cfg);
    double[] warpThreshold = outlier(warp, cfg.cutMinWarpError(), Double.MAX_VALUE, cfg);
    double[] motionThreshold = outlier(motion, cfg.cutMinMotion(), Double.MAX_VALUE, cfg);
    double[] strength = new double[n];
    boolean[] cut = new boolean[n];
    for (int i = 1; i < n; i++) {
      double structure = Math.max(dis[i] / disThreshold[i], hist[i] / histThreshold[i]);
      // the camera teleporting in one frame while moving calmly before and after (two views of
      // one subject: the flow explains the pixels but no camera moves like that); big motion
      // among big motion is shake, left to the jitter check
      boolean isolated = true;
      for (int j = Math.max(1, i - 3); j <= Math.min(n - 1, i + 3); j++) {
        isolated &= j == i || !(motion[j] >= motionThreshold[i] / 2);
      }
      double jump = isolated ? motion[i] / motionThreshold[i] : 0;
      double unexplained = Double.isFinite(warp[i]) ? warp[i] / warpThreshold[i] : structure;
      strength[i] = Math.min(structure, Math.max(unexplained, jump));
    }
    for (int i = 1; i < n; i++) {
      // three or more abrupt changes within five pairs are shake or a glitch burst, for the
      // motion checks; a cut (or a single inserted frame, two cuts) stands alone
      int burst = 0;
      for (int j = Math.max(1, i - 2); j <= Math.min(n - 1, i + 2); j++) {
        burst += strength[j] >= 1 ? 1 : 0;
      }
      cut[i] = strength[i] >= 1 && burst < 3 && !continuity.test(i);
    }
    List<Integer> starts = new ArrayList<>();
    for (int[] run : Runs.of(cut, 0)) {
      double score = 0;
      int at = run[0];
      for (int i = run[0]; i <= run[1]; i++) {
        if (strength[i] > score) {
          score = strength[i];
          at = i;
        }
        starts.add(i);
      }
      String what =
          String.format(
              "content changes abruptly%s (SSIM %.2f, histogram correlation %.2f, warp error %.1f"
                  + " levels)",
              run[0] == run[1] ? "" : " " + Runs.count(run) + " times in a row",
              1 - dis[at],
              1 - hist[at],
              warp[at]);
      f.add(Check.CUT, score, 1, run[0] - 1, run[1], null, what);
      f.claim(run[0], run[1]);
    }
    return starts;
  }

  /** Outlier thresholds, capped at the value that is evidence in any clip. */
  private static double[] outlier(double[] xs, double floor, double certain, SimilarityConfig cfg) {
    double[] t = Outliers.thresholds(xs, floor, cfg.cutSigmas(), cfg.cutRatio());
    for (int i = 0; i < t.length; i++) {
      t[i] = Math.min(t[i], Math.max(floor, certain));
    }
    return t;
  }
}
