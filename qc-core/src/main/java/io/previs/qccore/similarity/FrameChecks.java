package io.previs.qccore.similarity;

import io.previs.qccore.config.SimilarityConfig;
import io.previs.qccore.flow.FlowAnalyzer.FlowSeries;
import io.previs.qccore.report.Check;
import io.previs.qccore.report.Findings;
import io.previs.qccore.similarity.SimilarityAnalyzer.SimilaritySeries;
import io.previs.qccore.stats.Runs;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The frame-level checks, in precedence order: black and blank frames, flashes, cuts, flicker,
 * freezes. Each claims the pairs it explains, so a black frame is not also two cuts and a flicker.
 */
public final class FrameChecks {

  /**
   * @param shotStarts first frame of every shot after the first (the later frame of each cut)
   */
  public record Result(List<Integer> shotStarts) {}

  private FrameChecks() {}

  /**
   * @param continuity true for a frame across which something (a tracked face) visibly continues: a
   *     candidate cut there is a local change, not a new shot
   */
  public static Result run(
      SimilaritySeries sim,
      FlowSeries flow,
      SimilarityConfig cfg,
      Findings findings,
      IntPredicate continuity) {
    int n = sim.frames();
    blackAndBlank(sim, cfg, findings, n);
    FlashCheck.run(sim, cfg, findings, n);
    List<Integer> cuts = CutCheck.run(sim, flow, cfg, findings, n, continuity);
    FlickerCheck.run(sim, flow, cfg, findings, n);
    freeze(sim, flow, cfg, findings, n);
    return new Result(cuts);
  }

  private static void blackAndBlank(SimilaritySeries sim, SimilarityConfig cfg, Findings f, int n) {
    boolean[] black = new boolean[n];
    boolean[] blank = new boolean[n];
    for (int i = 0; i < n; i++) {
      black[i] = sim.darkFraction.get(i) >= cfg.blackFrameRatio();
      blank[i] = !black[i] && sim.uniformFraction.get(i) >= cfg.blankFrameRatio();
    }
    for (int[] run : Runs.of(black, 0)) {
      double score = 1;
      for (int i = run[0]; i <= run[1]; i++) {
        score = Math.min(score, sim.darkFraction.get(i));
      }
      // a clip that opens or closes on black has a leader or a fade; one that is all black is not
      boolean edge = (run[0] == 0) != (run[1] == n - 1);
      f.add(
          edge ? Check.FADE : Check.BLACK,
          score,
          cfg.blackFrameRatio(),
          run[0],
          run[1],
          null,
          Runs.count(run)
              + (edge
                  ? run[0] == 0 ? " black frame(s) open the clip" : " black frame(s) close the clip"
                  : " black frame(s)"));
      f.claim(run[0], run[1] + 1);
    }
    for (int[] run : Runs.of(blank, 0)) {
      double score = 1;
      for (int i = run[0]; i <= run[1]; i++) {
        score = Math.min(score, sim.uniformFraction.get(i));
      }
      f.add(
          Check.BLANK,
          score,
          cfg.blankFrameRatio(),
          run[0],
          run[1],
          null,
          String.format(
              "%d blank frame(s), uniform at luma %.0f",
              Runs.count(run), sim.lumaMean.get(run[0])));
      f.claim(run[0], run[1] + 1);
    }
  }

  /**
   * A freeze is a run of identical frames: pairs whose difference is codec noise at most. A
   * keyframe inside a freeze re-encodes the same picture with new quantisation noise, so a run may
   * also hold quiet pairs (small difference, no motion), but a third of its pairs, at least one,
   * must be identical: a slow zoom over a smooth surface is quiet throughout, never identical.
   */
  private static void freeze(
      SimilaritySeries sim, FlowSeries flow, SimilarityConfig cfg, Findings f, int n) {
    boolean[] identical = new boolean[n];
    boolean[] quiet = new boolean[n];
    int count = 0;
    for (int i = 1; i < n; i++) {
      double diff = sim.meanAbsDiff.get(i);
      identical[i] = !f.claimed(i) && diff <= cfg.freezeMaxDiff();
      quiet[i] =
          identical[i]
              || (!f.claimed(i)
                  && diff <= cfg.freezeQuietDiff()
                  && !(flow.magnitude.get(i) > cfg.freezeMaxMotion()));
      count += identical[i] ? 1 : 0;
    }
    if (n < 2 || count >= cfg.freezeMaxClipFraction() * (n - 1)) {
      return;
    }
    for (int[] run : Runs.of(quiet, 0)) {
      int same = 0;
      for (int i = run[0]; i <= run[1]; i++) {
        same += identical[i] ? 1 : 0;
      }
      int frames = Runs.count(run) + 1;
      if (frames >= cfg.freezeMinFrames() && same >= Math.max(1, Runs.count(run) / 3.0)) {
        f.add(
            Check.FREEZE,
            frames,
            cfg.freezeMinFrames(),
            run[0] - 1,
            run[1],
            null,
            frames + " identical frames in a moving clip");
        f.claim(run[0], run[1] + 1);
      }
    }
  }
}
