package io.previs.qccore;

import io.previs.qccore.config.ExpectationConfig;
import io.previs.qccore.report.Check;
import io.previs.qccore.report.Expectation;
import io.previs.qccore.report.Severity;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * What the shot's prompt makes QC expect (a storm expects flashes, a whip pan abrupt motion, an
 * empty street no faces), and the checks each expectation relaxes: their findings are kept, as
 * info, so the report still shows them, but they no longer hold the clip back. VBench and the other
 * benchmarks judge every clip the same way; a previs shot was asked for something.
 */
final class ShotExpectations {

  static final Set<Check> FLASHES = EnumSet.of(Check.FLASH);
  static final Set<Check> FADES = EnumSet.of(Check.FADE);
  static final Set<Check> FAST_MOTION = EnumSet.of(Check.JITTER, Check.WARP_ERROR);
  static final Set<Check> NO_PEOPLE =
      EnumSet.of(Check.FACE_VANISH, Check.FACE_DISTORTION, Check.FACE_JUMP, Check.FACE_GEOMETRY);

  private final List<Expectation> applied;
  private final Set<Check> relaxed;
  private final boolean still;

  private ShotExpectations(List<Expectation> applied, Set<Check> relaxed, boolean still) {
    this.applied = applied;
    this.relaxed = relaxed;
    this.still = still;
  }

  static ShotExpectations of(String prompt, ExpectationConfig cfg) {
    List<Expectation> applied = new ArrayList<>();
    Set<Check> relaxed = EnumSet.noneOf(Check.class);
    boolean still = false;
    if (prompt != null && !prompt.isBlank()) {
      String p = Normalizer.normalize(prompt, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
      still = match(p, "still", cfg.still(), Set.of(), applied);
      if (match(p, "flashes", cfg.flashes(), FLASHES, applied)) {
        relaxed.addAll(FLASHES);
      }
      if (match(p, "fades", cfg.fades(), FADES, applied)) {
        relaxed.addAll(FADES);
      }
      if (match(p, "fastMotion", cfg.fastMotion(), FAST_MOTION, applied)) {
        relaxed.addAll(FAST_MOTION);
      }
      if (match(p, "noPeople", cfg.noPeople(), NO_PEOPLE, applied)) {
        relaxed.addAll(NO_PEOPLE);
      }
    }
    return new ShotExpectations(List.copyOf(applied), relaxed, still);
  }

  private static boolean match(
      String prompt, String name, List<String> terms, Set<Check> checks, List<Expectation> out) {
    for (String t : terms) {
      if (prompt.contains(Normalizer.normalize(t, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT))) {
        List<String> ids =
            name.equals("still")
                ? List.of(Check.STATIC.id())
                : checks.stream().map(Check::id).toList();
        out.add(new Expectation(name, t, ids));
        return true;
      }
    }
    return false;
  }

  /** The profile's severity, lowered to info for a check the shot's expectations relax. */
  Function<Check, Severity> severity(Function<Check, Severity> profile) {
    return c -> relaxed.contains(c) ? Severity.INFO : profile.apply(c);
  }

  /** Whether motion is asked for: not when the prompt says the shot is locked off. */
  boolean expectMotion(boolean asked) {
    return asked && !still;
  }

  List<Expectation> applied() {
    return applied;
  }
}
