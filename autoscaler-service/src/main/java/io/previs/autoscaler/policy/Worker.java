package io.previs.autoscaler.policy;

import java.time.Instant;

/**
 * One worker pod of a pool.
 *
 * @param name the pod's name, which is also its worker id
 * @param created when the pod was created
 * @param since when it entered its state (idle since, draining since, …)
 * @param resumable for a draining or drained worker: the autoscaler drained it and may send it back
 *     to work; false when ops drained it (a node going down)
 */
public record Worker(
    String name, WorkerState state, Instant created, Instant since, boolean resumable) {

  public Worker(String name, WorkerState state, Instant created, Instant since) {
    this(name, state, created, since, true);
  }
}
