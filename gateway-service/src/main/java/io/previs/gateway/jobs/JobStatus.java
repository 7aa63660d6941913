package io.previs.gateway.jobs;

/** Where a job is, folded from its events. */
public enum JobStatus {
  ACCEPTED,
  REJECTED,
  ENCODING,
  RENDERING,
  POSTPROCESSING,
  QC,
  COMPLETED,
  FAILED;

  public boolean terminal() {
    return this == COMPLETED || this == FAILED || this == REJECTED;
  }
}
