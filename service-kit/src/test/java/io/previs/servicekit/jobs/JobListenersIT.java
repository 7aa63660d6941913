package io.previs.servicekit.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.previs.contracts.cloudevents.CloudEventHeaders;
import io.previs.contracts.cloudevents.EventMetadata;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.Stage;
import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.topics.Topics;
import io.previs.localstack.LocalKafka;
import io.previs.servicekit.kafka.EventPublisher;
import io.previs.servicekit.kafka.JsonOrBytesSerializer;
import io.previs.servicekit.kafka.ListenerFactories;
import io.previs.servicekit.kafka.PrevisKafkaProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListener;

/**
 * The job-scoped listener shape against a real broker: the listener runs inside its record's job
 * (MDC and correlation id), the scope is gone after the record, and a record given up fails its job
 * in the stage named, with the reason, under the record's correlation id.
 */
class JobListenersIT {

  @Test
  void listenersRunInTheirJobAndAGivenUpRecordFailsItsJob() throws Exception {
    try (LocalKafka broker = LocalKafka.start(0, 15_000)) {
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
        admin
            .createTopics(
                List.of(
                    new NewTopic("previs.jobs.events", 1, (short) 1),
                    new NewTopic("previs.jobs.events-dlt", 1, (short) 1)))
            .all()
            .get();
      }
      // given: the job listener setup, with a listener that fails for one job
      KafkaTemplate<String, Object> template =
          new KafkaTemplate<>(
              new DefaultKafkaProducerFactory<>(
                  Map.of("bootstrap.servers", broker.bootstrapServers()),
                  new StringSerializer(),
                  new JsonOrBytesSerializer()));
      EventPublisher publisher = new EventPublisher(template, "test");
      var factories =
          new ListenerFactories(
              Map.of(
                  "bootstrap.servers", broker.bootstrapServers(),
                  "group.id", "t",
                  "auto.offset.reset", "earliest"),
              template,
              new PrevisKafkaProperties((short) 1, false, 1, Duration.ofMillis(50), null));
      var listeners = new JobListeners(factories, publisher, Clock.systemUTC());
      var container =
          listeners
              .forTopic(Topics.JOBS_EVENTS, 1, Stage.ENCODE, e -> "encoding")
              .createContainer("previs.jobs.events");
      List<String> seen = new CopyOnWriteArrayList<>();
      container.setupMessageListener(
          (MessageListener<String, JobEvent>)
              r -> {
                if (r.value().type() != JobEventType.ACCEPTED) {
                  return; // our own failure event coming back
                }
                seen.add(
                    r.value().jobId()
                        + " mdc="
                        + MDC.get(JobContext.MDC_JOB_ID)
                        + " correlation="
                        + JobContext.correlationId("none"));
                if (r.value().jobId().equals("j-bad")) {
                  throw new IllegalStateException("text encoder out of memory");
                }
              });
      container.start();
      try {
        // when
        send(template, "j-good", "corr-good");
        send(template, "j-bad", "corr-bad");

        // then: each ran in its own job, with its own correlation id
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> seen.contains("j-good mdc=j-good correlation=corr-good"));
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> seen.stream().filter(s -> s.startsWith("j-bad")).count() == 2);
        assertThat(seen).contains("j-bad mdc=j-bad correlation=corr-bad");

        // and the bad one, given up after its retry, failed its job with stage and reason
        ConsumerRecord<String, byte[]> failed =
            await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> failedEvent(broker, "j-bad"), r -> r != null);
        JobEvent e = PrevisJson.mapper().readValue(failed.value(), JobEvent.class);
        assertThat(e.stage()).isEqualTo(Stage.ENCODE);
        assertThat(e.studio()).isEqualTo("s");
        assertThat(e.reason()).isEqualTo("encoding failed: text encoder out of memory");
        assertThat(CloudEventHeaders.get(failed.headers(), CloudEventHeaders.CORRELATION_ID))
            .isEqualTo("corr-bad");
        assertThat(failedEvent(broker, "j-good")).isNull();
      } finally {
        container.stop();
      }
      // and the test thread itself never entered a job
      assertThat(JobContext.currentJobId()).isNull();
    }
  }

  @Test
  void scopesNestAndRestoreWhatTheThreadHadBefore() {
    try (JobContext outer = JobContext.enter("j-1", "c-1")) {
      try (JobContext inner = JobContext.enter("j-2", null)) {
        assertThat(MDC.get(JobContext.MDC_JOB_ID)).isEqualTo("j-2");
        assertThat(JobContext.correlationId("j-2")).isEqualTo("j-2");
      }
      assertThat(MDC.get(JobContext.MDC_JOB_ID)).isEqualTo("j-1");
      assertThat(JobContext.correlationId("x")).isEqualTo("c-1");
    }
    assertThat(MDC.get(JobContext.MDC_JOB_ID)).isNull();
    assertThat(JobContext.currentJobId()).isNull();
  }

  private static void send(KafkaTemplate<String, Object> template, String jobId, String corr)
      throws Exception {
    ProducerRecord<String, Object> r =
        new ProducerRecord<>(
            "previs.jobs.events",
            jobId,
            JobEvent.of(JobEventType.ACCEPTED, jobId, "s", Instant.now()));
    CloudEventHeaders.write(
        r.headers(),
        new EventMetadata("id-" + jobId, "previs.job.accepted", "/t", Instant.now(), jobId, corr));
    template.send(r).get();
  }

  private static ConsumerRecord<String, byte[]> failedEvent(LocalKafka broker, String jobId) {
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(
            Map.of("bootstrap.servers", broker.bootstrapServers(), "auto.offset.reset", "earliest"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      var tp = new org.apache.kafka.common.TopicPartition("previs.jobs.events", 0);
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long end = c.endOffsets(List.of(tp)).get(tp);
      while (c.position(tp) < end) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          JobEvent e = PrevisJson.mapper().readValue(r.value(), JobEvent.class);
          if (e.jobId().equals(jobId) && e.type() == JobEventType.FAILED) {
            return r;
          }
        }
      }
      return null;
    }
  }
}
