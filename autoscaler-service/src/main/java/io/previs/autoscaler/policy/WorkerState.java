package io.previs.autoscaler.policy;

/** A worker pod as the autoscaler sees it, from its pod and its reports. */
public enum WorkerState {
  /** The pod exists (or is wanted) and its worker has not reported yet. */
  STARTING,
  /** Reporting, holding no shard. */
  IDLE,
  /** Reporting, holding a shard. */
  BUSY,
  /** Asked to drain, not yet confirmed drained (it may be finishing a shard). */
  DRAINING,
  /** Confirmed by the worker: takes no shard, holds none. Only these pods are ever removed. */
  DRAINED,
  /** Reported once, silent for longer than the worker time-out: crash-looping or stuck. */
  STUCK;

  public String metric() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
