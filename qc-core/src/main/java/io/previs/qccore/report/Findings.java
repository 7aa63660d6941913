package io.previs.qccore.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Collects a clip's findings while the checks run, in precedence order: a pair that an earlier
 * check has explained (a black frame, a cut) is claimed, so later checks do not report the same
 * event again under another name.
 */
public final class Findings {

  private final Function<Check, Severity> severity;
  private final Predicate<Check> enabled;
  private final double fps;
  private final boolean[] claimed;
  private final List<Finding> list = new ArrayList<>();

  /**
   * @param severity each check's severity (a profile's, or the check's default)
   * @param enabled which checks report at all
   */
  public Findings(
      Function<Check, Severity> severity, Predicate<Check> enabled, double fps, int frames) {
    this.severity = severity;
    this.enabled = enabled;
    this.fps = fps;
    this.claimed = new boolean[frames];
  }

  public boolean enabled(Check check) {
    return check.policy() || enabled.test(check);
  }

  public void add(
      Check check,
      double score,
      double threshold,
      int first,
      int last,
      Integer trackId,
      String message) {
    add(check, Severity.CRITICAL, score, threshold, first, last, trackId, message);
  }

  /**
   * Like {@link #add}, with the severity at most {@code atMost}: the evidence is weaker than the
   * check's own (a face the detector was unsure of). The message should say so.
   */
  public void add(
      Check check,
      Severity atMost,
      double score,
      double threshold,
      int first,
      int last,
      Integer trackId,
      String message) {
    if (!enabled(check)) {
      return;
    }
    Severity s = check.policy() ? check.defaultSeverity() : severity.apply(check);
    list.add(
        new Finding(
            check,
            s.compareTo(atMost) > 0 ? atMost : s,
            round(score),
            round(threshold),
            first,
            last,
            fps > 0 ? round(first / fps) : 0,
            fps > 0 ? round((last + 1) / fps) : 0,
            trackId,
            message));
  }

  /** Marks frames (or the pairs ending at them) as explained by a finding already made. */
  public void claim(int first, int last) {
    for (int i = Math.max(0, first); i <= last && i < claimed.length; i++) {
      claimed[i] = true;
    }
  }

  public boolean claimed(int frame) {
    return frame >= 0 && frame < claimed.length && claimed[frame];
  }

  /** Worst first, then by frame. */
  public List<Finding> sorted() {
    return list.stream()
        .sorted(
            Comparator.comparing(Finding::severity)
                .reversed()
                .thenComparingInt(Finding::firstFrame)
                .thenComparing(f -> f.check().ordinal()))
        .toList();
  }

  static double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 1e4) / 1e4 : v;
  }
}
