package io.previs.gateway.jobs;

/** Where a job is, folded from its events. */
public enum JobStatus {
  ACCEPTED,
  /**
   * Held by the content policy for a person's review before any GPU time; ops approve it (it goes
   * on as accepted) or reject it.
   */
  HELD,
  REJECTED,
  ENCODING,
  RENDERING,
  POSTPROCESSING,
  QC,
  COMPLETED,
  FAILED,
  /** Cancelled by its studio or ops: no shard of it starts again; final. */
  CANCELLED;

  public boolean terminal() {
    return this == COMPLETED || this == FAILED || this == REJECTED || this == CANCELLED;
  }
}
