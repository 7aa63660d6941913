package io.previs.worker.shards;

import io.previs.contracts.scheduling.SchedulerInput;
import io.previs.contracts.scheduling.WorkerReport;
import io.previs.contracts.shard.ShardTask;
import io.previs.contracts.topics.Topics;
import io.previs.servicekit.kafka.EventPublisher;
import io.previs.worker.WorkerProperties;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What this worker tells the scheduler: that it is alive and which pool it serves, and what became
 * of each shard it took. The scheduler counts a pool's free GPUs from these, so a report that frees
 * a GPU (finished, released, failed) waits for the broker.
 */
@Component
class SchedulerReports {

  private static final Logger log = LoggerFactory.getLogger(SchedulerReports.class);

  private final EventPublisher publisher;
  private final WorkerProperties props;
  private final ShardControls controls;

  SchedulerReports(EventPublisher publisher, WorkerProperties props, ShardControls controls) {
    this.publisher = publisher;
    this.props = props;
    this.controls = controls;
  }

  /**
   * Alive, with the shard held now (null when idle); drained only when the caller, the thread that
   * takes shards, has stopped taking them.
   */
  void heartbeat(Instant drained, String shardId, String jobId) {
    send(WorkerReport.Kind.HEARTBEAT, shardId, jobId, 0, null, drained, false);
  }

  /** Took the shard; it waits for this worker's GPU (its inputs are being fetched). */
  /**
   * Waited for: the shard is accepted from the queue only once the scheduler's inbox has this, so
   * no worker can take a shard out of the queue and die with nobody knowing it held it.
   *
   * @return whether the report went out
   */
  boolean taken(ShardTask t) {
    return send(WorkerReport.Kind.TAKEN, t.shardId(), t.jobId(), 0, null, null, true);
  }

  void started(ShardTask t) {
    send(WorkerReport.Kind.STARTED, t.shardId(), t.jobId(), 0, null, null, false);
  }

  /**
   * The shard's GPU work is (nearly) done: the GPU is free for the next shard. Not waited for: it
   * is sent from the render thread, and the shard's outcome report, sent later by this producer
   * under the same key, stays behind it.
   */
  void finishing(ShardTask t, double billedSeconds) {
    send(WorkerReport.Kind.FINISHING, t.shardId(), t.jobId(), billedSeconds, null, null, false);
  }

  void finished(String shardId, String jobId, double billedSeconds) {
    send(WorkerReport.Kind.FINISHED, shardId, jobId, billedSeconds, null, null, true);
  }

  void released(ShardTask t, double billedSeconds, Integer step) {
    send(WorkerReport.Kind.RELEASED, t.shardId(), t.jobId(), billedSeconds, step, null, true);
  }

  void failed(String shardId, String jobId) {
    send(WorkerReport.Kind.FAILED, shardId, jobId, 0, null, null, true);
  }

  void errored(String shardId, String jobId) {
    send(WorkerReport.Kind.ERRORED, shardId, jobId, 0, null, null, true);
  }

  void left() {
    send(WorkerReport.Kind.LEFT, null, null, 0, null, null, true);
  }

  private boolean send(
      WorkerReport.Kind kind,
      String shardId,
      String jobId,
      double billed,
      Integer step,
      Instant drained,
      boolean await) {
    // Every report says whether the worker is draining: the scheduler counts its GPU from any.
    boolean draining = kind == WorkerReport.Kind.LEFT || controls.draining();
    WorkerReport r =
        new WorkerReport(
            WorkerReport.SCHEMA_VERSION,
            kind,
            props.id(),
            props.pool(),
            props.gpuMemoryGb(),
            props.speed(),
            draining,
            drained,
            shardId,
            jobId,
            billed,
            step,
            Instant.now());
    SchedulerInput in = SchedulerInput.of(r);
    try {
      var sent = publisher.publish(Topics.SCHEDULER_INBOX, in.key(), in, "report", jobId, null);
      if (await) {
        sent.get(10, java.util.concurrent.TimeUnit.SECONDS);
      }
      return true;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      // The scheduler's view heals: a lost heartbeat is the next one, a lost shard report is
      // followed by the shard's redelivery or the worker's expiry.
      log.warn(
          "Could not report {} of {} to the scheduler: {}", kind.wire(), shardId, e.toString());
      return false;
    }
  }
}
