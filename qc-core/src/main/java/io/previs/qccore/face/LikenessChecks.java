package io.previs.qccore.face;

import io.previs.qccore.report.Check;
import io.previs.qccore.report.Findings;
import java.util.Locale;

/** Turns the tracks that resemble a protected person into {@code face.likeness} findings. */
public final class LikenessChecks {

  private LikenessChecks() {}

  public static void run(FaceAnalyzer analyzer, ProtectedGallery gallery, Findings findings) {
    for (LikenessProbe.Likeness l : analyzer.likenesses()) {
      findings.add(
          Check.LIKENESS,
          l.distance(),
          gallery.threshold(),
          l.first(),
          l.last(),
          l.trackId(),
          String.format(
              Locale.ROOT,
              "face track %d resembles protected person '%s' in %d of %d samples (LBPH"
                  + " chi-square %.1f, match at or below %.1f; gallery %s)",
              l.trackId(),
              l.person(),
              l.matched(),
              l.sampled(),
              l.distance(),
              gallery.threshold(),
              gallery.version()));
    }
  }
}
