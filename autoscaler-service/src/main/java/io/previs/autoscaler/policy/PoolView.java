package io.previs.autoscaler.policy;

import java.time.Instant;
import java.util.List;

/**
 * What the autoscaler knows of one pool at one moment.
 *
 * @param backlogSeconds pending GPU-seconds the pool could run (all classes; studios past their
 *     budget excluded), as the scheduler last published it
 * @param queuedShards pending shards the pool could run: more workers than shards are never useful
 * @param released shards the scheduler has released into the pool and not seen finish (running or
 *     about to start): a pool is not idle while any is out
 * @param replicas the Deployment's replica count
 * @param workers its pods (fewer than replicas while pods are being created)
 * @param startupSeconds what starting a worker takes (measured)
 * @param backlogFresh false when the scheduler's record is stale: the autoscaler then scales up on
 *     what it last saw but removes nothing
 */
public record PoolView(
    String pool,
    Instant at,
    double backlogSeconds,
    int queuedShards,
    int released,
    int replicas,
    List<Worker> workers,
    double startupSeconds,
    boolean backlogFresh) {

  public long count(WorkerState s) {
    return workers.stream().filter(w -> w.state() == s).count();
  }
}
