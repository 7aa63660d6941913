package io.previs.qccore.similarity;

import io.previs.qccore.config.SimilarityConfig;
import io.previs.qccore.report.Check;
import io.previs.qccore.report.Findings;
import io.previs.qccore.similarity.SimilarityAnalyzer.SimilaritySeries;
import io.previs.qccore.stats.Robust;

/**
 * similarity.flash: the picture brightens for a few frames and comes back — lightning, a muzzle
 * flash, an explosion's first frames, a strobe. Not a cut (the content before it returns) and not
 * flicker (it happens once, not back and forth). It runs before both and claims its frames, so
 * neither sees it; whether a flash is welcome is for the profile (and the shot's expectations).
 */
final class FlashCheck {

  /** Frames either side that must be steady: an event among swings is flicker, not a flash. */
  static final int QUIET = 3;

  /** The picture after the flash may be this much less like the one before than is usual. */
  static final double RETURN_MARGIN = 0.15;

  /** The bright frames may be this much less like the one before than is usual (they are lit). */
  static final double SAME_MARGIN = 0.3;

  private FlashCheck() {}

  /**
   * A flash at frames a..b: mean luma rises by at least {@code flashMinRise} into a, stays at least
   * half that high through b, and falls back at b + 1 to within a third of the rise (or 6 levels)
   * of frame a − 1; frame b + 1 matches frame a − 1 (the content returned) as well as frames that
   * far apart usually match in this clip, or {@code flashReturnCorrelation}; the bright frames
   * still show that picture; and the frames around it are steady.
   */
  static void run(SimilaritySeries sim, SimilarityConfig cfg, Findings f, int n) {
    double[] luma = new double[n];
    for (int i = 0; i < n; i++) {
      luma[i] = sim.lumaMean.get(i);
    }
    // how alike frames k apart usually are in this clip: a moving camera decorrelates them, so
    // "the picture returned" is judged against that, not against a still camera's 1.0
    double[] typical = new double[SimilarityAnalyzer.LOOKBACK + 2];
    for (int k = 1; k < typical.length; k++) {
      double[] c = new double[n];
      for (int i = 0; i < n; i++) {
        c[i] = sim.correlation(i, k);
      }
      typical[k] = Robust.median(c);
    }
    for (int a = 1; a < n - 1; a++) {
      double before = luma[a - 1];
      double rise = luma[a] - before;
      if (rise < cfg.flashMinRise() || f.claimed(a)) {
        continue;
      }
      int end = -1;
      for (int b = a; b < Math.min(n - 1, a + cfg.flashMaxFrames()); b++) {
        if (luma[b] - before < rise / 2) {
          break;
        }
        if (Math.abs(luma[b + 1] - before) <= Math.max(6, rise / 3)) {
          end = b;
          break;
        }
      }
      if (end < 0) {
        continue;
      }
      int span = end + 2 - a;
      double returned = sim.correlation(end + 1, span);
      boolean same = true;
      for (int i = a; i <= end; i++) {
        int k = i - a + 1;
        same &=
            sim.correlation(i, k) >= Math.min(cfg.flashMinCorrelation(), typical[k] - SAME_MARGIN);
      }
      if (!(returned >= Math.min(cfg.flashReturnCorrelation(), typical[span] - RETURN_MARGIN))
          || !same
          || !steady(luma, a - 1, end + 1, rise, n)) {
        continue;
      }
      int frames = end - a + 1;
      f.add(
          Check.FLASH,
          rise,
          cfg.flashMinRise(),
          a,
          end,
          null,
          String.format(
              "a flash: %d frame(s) %.0f levels brighter, then the picture returns (correlation"
                  + " %.2f with the frame before)",
              frames, rise, returned));
      f.claim(a, end + 1);
      a = end + 1;
    }
  }

  /** No swing of half the rise within QUIET frames before {@code from} or after {@code to}. */
  private static boolean steady(double[] luma, int from, int to, double rise, int n) {
    for (int i = Math.max(1, from - QUIET + 1); i <= from; i++) {
      if (Math.abs(luma[i] - luma[i - 1]) >= rise / 2) {
        return false;
      }
    }
    for (int i = to + 1; i <= Math.min(n - 1, to + QUIET); i++) {
      if (Math.abs(luma[i] - luma[i - 1]) >= rise / 2) {
        return false;
      }
    }
    return true;
  }
}
