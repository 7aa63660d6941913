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

  SchedulerReports(EventPublisher publisher, WorkerProperties props) {
    this.publisher = publisher;
    this.props = props;
  }

  void heartbeat(boolean draining) {
    send(WorkerReport.Kind.HEARTBEAT, null, null, 0, null, draining, false);
  }

  void started(ShardTask t) {
    send(WorkerReport.Kind.STARTED, t.shardId(), t.jobId(), 0, null, false, false);
  }

  void finished(String shardId, String jobId, double billedSeconds) {
    send(WorkerReport.Kind.FINISHED, shardId, jobId, billedSeconds, null, false, true);
  }

  void released(ShardTask t, double billedSeconds, Integer step) {
    send(WorkerReport.Kind.RELEASED, t.shardId(), t.jobId(), billedSeconds, step, false, true);
  }

  void failed(String shardId, String jobId) {
    send(WorkerReport.Kind.FAILED, shardId, jobId, 0, null, false, true);
  }

  void errored(String shardId, String jobId) {
    send(WorkerReport.Kind.ERRORED, shardId, jobId, 0, null, false, true);
  }

  void left() {
    send(WorkerReport.Kind.LEFT, null, null, 0, null, true, true);
  }

  private void send(
      WorkerReport.Kind kind,
      String shardId,
      String jobId,
      double billed,
      Integer step,
      boolean draining,
      boolean await) {
    WorkerReport r =
        new WorkerReport(
            WorkerReport.SCHEMA_VERSION,
            kind,
            props.id(),
            props.pool(),
            props.gpuMemoryGb(),
            props.speed(),
            draining,
            shardId,
            jobId,
            billed,
            step,
            Instant.now());
    SchedulerInput in = SchedulerInput.of(r);
    try {
      var sent = publisher.publish(Topics.SCHEDULER_INBOX, in.key(), in, "report", jobId, null);
      if (await) {
        sent.get();
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      // The scheduler's view heals: a lost heartbeat is the next one, a lost shard report is
      // followed by the shard's redelivery or the worker's expiry.
      log.warn(
          "Could not report {} of {} to the scheduler: {}", kind.wire(), shardId, e.toString());
    }
  }
}
