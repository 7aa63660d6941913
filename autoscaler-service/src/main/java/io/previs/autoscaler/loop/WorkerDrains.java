package io.previs.autoscaler.loop;

import io.previs.autoscaler.farm.FarmView;
import io.previs.contracts.scheduling.WorkerDrain;
import io.previs.contracts.topics.Topics;
import io.previs.servicekit.kafka.EventPublisher;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.springframework.kafka.core.KafkaTemplate;

/** The one writer of previs.workers.drain: what the autoscaler asks of each worker. */
final class WorkerDrains {

  private final EventPublisher publisher;
  private final KafkaTemplate<String, Object> template;
  private final FarmView farm;

  WorkerDrains(EventPublisher publisher, KafkaTemplate<String, Object> template, FarmView farm) {
    this.publisher = publisher;
    this.template = template;
    this.farm = farm;
  }

  void drain(String worker, String pool, String reason) {
    send(WorkerDrain.drain(worker, pool, reason, WorkerDrain.AUTOSCALER, now()));
  }

  void release(String worker, String pool, String reason) {
    send(WorkerDrain.release(worker, pool, reason, WorkerDrain.AUTOSCALER, now()));
  }

  void resume(String worker, String pool, String reason) {
    send(WorkerDrain.resume(worker, pool, reason, WorkerDrain.AUTOSCALER, now()));
  }

  /** The pod is gone: its record goes from the compacted topic. */
  void forget(String worker) throws Exception {
    template.send(Topics.WORKERS_DRAIN.name(), worker, null).get(10, TimeUnit.SECONDS);
    farm.forget(worker);
  }

  private void send(WorkerDrain d) {
    try {
      publisher
          .publish(Topics.WORKERS_DRAIN, d.worker(), d, null, null, null)
          .get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot write the drain request for " + d.worker(), e);
    }
    farm.drained(d); // the view knows it before the topic echoes it back
  }

  /** Millisecond precision: the worker echoes this instant back and it must compare equal. */
  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
