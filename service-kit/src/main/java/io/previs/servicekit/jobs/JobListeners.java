package io.previs.servicekit.jobs;

import io.previs.contracts.cloudevents.CloudEventHeaders;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.JobScoped;
import io.previs.contracts.job.Stage;
import io.previs.contracts.topics.Topic;
import io.previs.servicekit.kafka.EventPublisher;
import io.previs.servicekit.kafka.ListenerFactories;
import java.time.Clock;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;

/**
 * The one shape of a Previs listener on a topic of job records: the topic's listener factory (dead
 * letters, retries) plus the record's job entered for the listener ({@link JobContext}: logs and
 * correlation), and, when a record is given up, a {@code failed} event on its job naming the stage
 * and the reason, so nobody waits for that job forever.
 */
public final class JobListeners {

  private final ListenerFactories factories;
  private final EventPublisher publisher;
  private final Clock clock;

  public JobListeners(ListenerFactories factories, EventPublisher publisher, Clock clock) {
    this.factories = factories;
    this.publisher = publisher;
    this.clock = clock;
  }

  /**
   * @param stage the stage a given-up record fails its job in
   * @param whatFailed what the failure event says failed, e.g. "post-processing variant 2"; the
   *     reason follows it
   */
  public <T extends JobScoped> ConcurrentKafkaListenerContainerFactory<String, T> forTopic(
      Topic<T> topic, int concurrency, Stage stage, Function<T, String> whatFailed) {
    var factory =
        factories.forTopic(
            topic, concurrency, (record, ex) -> failJob(topic, record, ex, stage, whatFailed));
    factory.setRecordInterceptor(new JobRecordInterceptor<>());
    return factory;
  }

  private <T extends JobScoped> void failJob(
      Topic<T> topic,
      ConsumerRecord<?, ?> record,
      Exception ex,
      Stage stage,
      Function<T, String> whatFailed) {
    if (!topic.valueType().isInstance(record.value())) {
      return; // unreadable: there is no job to fail, the record goes to the DLT as it is
    }
    T value = topic.valueType().cast(record.value());
    String correlation = CloudEventHeaders.correlation(record.headers());
    try (JobContext job = JobContext.enter(value.jobId(), value.studio(), correlation)) {
      publisher.publishJobEvent(
          JobEvent.of(JobEventType.FAILED, value.jobId(), value.studio(), clock.instant())
              .withStage(stage)
              .withReason(whatFailed.apply(value) + " failed: " + ListenerFactories.reason(ex)),
          correlation == null ? value.jobId() : correlation);
    }
  }
}
