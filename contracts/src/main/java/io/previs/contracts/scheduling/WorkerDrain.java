package io.previs.contracts.scheduling;

import java.time.Instant;

/**
 * The autoscaler's word to one worker (compacted, keyed by worker: the latest record is what the
 * worker must do now). A draining worker takes no new shard; once it holds none it reports itself
 * drained in its heartbeats, and only then may its pod be removed — so scale-in never kills a
 * worker that is rendering.
 *
 * @param worker the worker (its pod's name)
 * @param drain true: take no new shard; false: back to work (demand came back before removal)
 * @param release true: also stop the shard in flight at its next step boundary, its checkpoint
 *     stored, and hand it back to the scheduler (asked once a drain has waited past its grace)
 * @param reason why, with the figures behind the decision, for logs and events
 * @param by who asked: {@value #AUTOSCALER} for the autoscaler's own scale-in (which it may take
 *     back when demand returns), anything else for ops (a node drain: the autoscaler removes the
 *     pod once drained and never sends it back to work)
 */
public record WorkerDrain(
    int schemaVersion,
    String worker,
    String pool,
    boolean drain,
    boolean release,
    String reason,
    String by,
    Instant at) {

  public static final int SCHEMA_VERSION = 1;
  public static final String AUTOSCALER = "autoscaler";

  /** Asked by the autoscaler, which may send the worker back to work. */
  public boolean byAutoscaler() {
    return AUTOSCALER.equals(by);
  }

  public static WorkerDrain drain(
      String worker, String pool, String reason, String by, Instant at) {
    return new WorkerDrain(SCHEMA_VERSION, worker, pool, true, false, reason, by, at);
  }

  public static WorkerDrain release(
      String worker, String pool, String reason, String by, Instant at) {
    return new WorkerDrain(SCHEMA_VERSION, worker, pool, true, true, reason, by, at);
  }

  public static WorkerDrain resume(
      String worker, String pool, String reason, String by, Instant at) {
    return new WorkerDrain(SCHEMA_VERSION, worker, pool, false, false, reason, by, at);
  }
}
