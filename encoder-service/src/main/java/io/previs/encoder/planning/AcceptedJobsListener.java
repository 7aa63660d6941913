package io.previs.encoder.planning;

import io.previs.contracts.cloudevents.CloudEventHeaders;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.topics.Topics;
import io.previs.diffusion.bundle.BundleValidationException;
import io.previs.encoder.EncoderProperties;
import io.previs.servicekit.kafka.ListenerFactories;
import io.previs.servicekit.kafka.NonRetryableException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.stereotype.Component;

/** Listens for accepted jobs on the job event log; every other event type passes by. */
@Component
class AcceptedJobsListener {

  private final ShardPlanner planner;

  AcceptedJobsListener(ShardPlanner planner) {
    this.planner = planner;
  }

  @Configuration
  static class Factories {
    @Bean
    ConcurrentKafkaListenerContainerFactory<String, JobEvent> jobEventsFactory(
        ListenerFactories factories, EncoderProperties props, ShardPlanner planner) {
      // When retries run out the job is marked failed, so nobody waits on it forever.
      return factories.forTopic(
          Topics.JOBS_EVENTS,
          props.concurrency(),
          (record, ex) -> {
            if (record.value() instanceof JobEvent e) {
              planner.fail(
                  e.jobId(),
                  e.studio(),
                  "encoding failed: " + rootMessage(ex),
                  correlation(record));
            }
          });
    }
  }

  @KafkaListener(
      topics = "previs.jobs.events",
      groupId = "previs-encoder",
      containerFactory = "jobEventsFactory")
  void onJobEvent(ConsumerRecord<String, JobEvent> record) {
    JobEvent e = record.value();
    if (e.type() != JobEventType.ACCEPTED || e.spec() == null) {
      return;
    }
    MDC.put("jobId", e.jobId());
    try {
      planner.plan(e.jobId(), e.spec(), correlation(record));
    } catch (BundleValidationException ex) {
      throw new NonRetryableException(
          "model " + e.spec().modelId() + " cannot be loaded: " + ex.getMessage(), ex);
    } finally {
      MDC.remove("jobId");
    }
  }

  private static String correlation(ConsumerRecord<?, ?> record) {
    return CloudEventHeaders.get(record.headers(), CloudEventHeaders.CORRELATION_ID);
  }

  static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getMessage() == null ? c.toString() : c.getMessage();
  }
}
