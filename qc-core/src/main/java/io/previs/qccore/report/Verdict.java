package io.previs.qccore.report;

/** One per clip: the worst severity among its findings decides it. */
public enum Verdict {
  /** No finding above info: the clip goes to the director. */
  PASS,
  /** At least one warning: flag for a person before the director sees it. */
  REVIEW,
  /** At least one critical finding: discard and regenerate with a new seed. */
  FAIL;

  /** True when the service should ask for a regeneration. */
  public boolean regenerate() {
    return this == FAIL;
  }

  public Verdict worst(Verdict other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
