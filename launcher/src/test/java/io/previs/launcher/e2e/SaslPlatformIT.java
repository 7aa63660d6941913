package io.previs.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.JobIds;
import io.previs.contracts.topics.Topics;
import io.previs.launcher.platform.LocalPlatform;
import io.previs.launcher.platform.PlatformOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The whole platform against a broker whose only listener needs SASL and authorizes every request,
 * configured as a deployment configures it: {@code spring.kafka.security.protocol} plus {@code
 * spring.kafka.properties.sasl.*}. A job completes only if every client — producers, listeners,
 * admin, the gateway's replay and the workers' share consumer — took those settings.
 */
class SaslPlatformIT {

  @Test
  void aJobRendersEndToEndOnABrokerThatNeedsSasl() throws Exception {
    Path tmp = Files.createDirectories(Path.of("target", "sasl-" + UUID.randomUUID()));
    try (LocalPlatform platform =
            LocalPlatform.start(
                PlatformOptions.defaults(tmp.resolve("data"))
                    .withWorkers(1)
                    .withPorts(0, 0, 0)
                    .withInternalHttp(false)
                    .withSaslKafka(true)
                    .withStudios("e2e"));
        TopicRecorder rec =
            new TopicRecorder(platform.kafkaClientProperties(), Topics.JOBS_EVENTS.name());
        KafkaProducer<String, String> studio =
            new KafkaProducer<>(
                platform.kafkaClientProperties(), new StringSerializer(), new StringSerializer())) {
      // given: the broker really refuses a client without credentials
      Map<String, Object> anonymous = new HashMap<>();
      anonymous.put("bootstrap.servers", platform.bootstrapServers());
      anonymous.put("max.block.ms", 3000);
      try (KafkaProducer<String, String> stranger =
          new KafkaProducer<>(anonymous, new StringSerializer(), new StringSerializer())) {
        assertThatThrownBy(
                () ->
                    stranger
                        .send(new ProducerRecord<>(Topics.JOBS_SUBMIT.name(), "x", "{}"))
                        .get(10, TimeUnit.SECONDS))
            .hasMessageContaining("not present in metadata");
      }

      // when: a studio with credentials submits a small job on its own topic, and one on the
      // open shared topic, which a platform with Kafka security does not read
      String clientJobId = "sasl-" + UUID.randomUUID();
      String jobId = JobIds.jobId("e2e", clientJobId);
      String sharedJobId = JobIds.jobId("e2e", clientJobId + "-shared");
      studio
          .send(
              new ProducerRecord<>(
                  Topics.JOBS_SUBMIT.name(),
                  clientJobId + "-shared",
                  Jobs.request(clientJobId + "-shared", "a lantern in a dark corridor", 1)))
          .get();
      studio
          .send(
              new ProducerRecord<>(
                  Topics.studioSubmit("e2e"),
                  clientJobId,
                  Jobs.request(clientJobId, "a lantern in a dark corridor", 1)))
          .get();

      // then: it is accepted, rendered by the worker and completed
      await().atMost(Duration.ofSeconds(180)).until(() -> Jobs.finished(rec, jobId));
      assertThat(Jobs.first(rec, jobId, JobEventType.COMPLETED))
          .as("events: %s", Jobs.events(rec, jobId))
          .isPresent();
      assertThat(Jobs.events(rec, jobId))
          .anyMatch(e -> e.type() == JobEventType.STAGE_COMPLETED && e.shard() != null);
      assertThat(Jobs.events(rec, sharedJobId))
          .as("the open topic's record, written before the studio's, is never decided")
          .isEmpty();
    }
  }
}
