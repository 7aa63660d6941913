package io.previs.qccore.report;

/**
 * How much a finding weighs in the verdict: {@code critical} fails the clip (the service asks for a
 * regeneration with a new seed), {@code warning} sends it to a person, {@code info} is recorded and
 * changes nothing.
 */
public enum Severity {
  INFO,
  WARNING,
  CRITICAL;

  public Verdict verdict() {
    return switch (this) {
      case INFO -> Verdict.PASS;
      case WARNING -> Verdict.REVIEW;
      case CRITICAL -> Verdict.FAIL;
    };
  }
}
