package io.previs.autoscaler.farm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.scheduling.PoolBacklog;
import io.previs.contracts.scheduling.SchedulerInput;
import io.previs.contracts.scheduling.WorkerDrain;
import io.previs.contracts.scheduling.WorkerReport;
import io.previs.contracts.topics.Topic;
import io.previs.contracts.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The autoscaler's farm view against the Apache Kafka image, for users with Docker (skipped without
 * it; the embedded-broker tests in the launcher's AutoscalerIT prove the same path here): a pool's
 * backlog record, a worker's heartbeat and the drain request it answers, read back as the loop sees
 * them.
 */
@Testcontainers(disabledWithoutDocker = true)
class FarmViewKafkaContainerIT {

  @Container static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0");

  @Test
  void readsTheBacklogTheWorkersAndTheirDrainsFromABroker() throws Exception {
    String bootstrap = KAFKA.getBootstrapServers();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      List<NewTopic> topics =
          List.<Topic<?>>of(Topics.SCHEDULER_BACKLOG, Topics.WORKERS_DRAIN, Topics.SCHEDULER_INBOX)
              .stream()
              .map(t -> new NewTopic(t.name(), t.partitions(), (short) 1))
              .toList();
      admin.createTopics(topics).all().get();
    }
    Instant drainAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    try (var producer =
        new KafkaProducer<String, byte[]>(
            Map.of("bootstrap.servers", bootstrap),
            new StringSerializer(),
            new ByteArraySerializer())) {
      send(
          producer,
          Topics.SCHEDULER_BACKLOG.name(),
          "h100",
          new PoolBacklog(
              PoolBacklog.SCHEMA_VERSION,
              "h100",
              80,
              2.0,
              1,
              0,
              Map.of("normal", 900.0),
              3,
              Instant.now()));
      send(
          producer,
          Topics.WORKERS_DRAIN.name(),
          "w1",
          WorkerDrain.drain("w1", "h100", "scale-in", WorkerDrain.AUTOSCALER, drainAt));
      WorkerReport hb =
          new WorkerReport(
              WorkerReport.SCHEMA_VERSION,
              WorkerReport.Kind.HEARTBEAT,
              "w1",
              "h100",
              80,
              2.0,
              true,
              drainAt,
              null,
              null,
              0,
              null,
              Instant.now());
      SchedulerInput in = SchedulerInput.of(hb);
      send(producer, Topics.SCHEDULER_INBOX.name(), in.key(), in);
    }
    try (FarmView view = new FarmView(Map.of("bootstrap.servers", bootstrap), Clock.systemUTC())) {
      view.start();
      await().atMost(Duration.ofSeconds(30)).until(view::caughtUp);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> view.worker("w1") != null && view.backlog("h100") != null);
      assertThat(view.backlog("h100").record().queuedShards()).isEqualTo(3);
      assertThat(view.drain("w1").at()).isEqualTo(drainAt);
      assertThat(view.worker("w1").drained()).isEqualTo(drainAt);
      assertThat(view.worker("w1").shardId()).isNull();
    }
  }

  private static void send(KafkaProducer<String, byte[]> p, String topic, String key, Object value)
      throws Exception {
    p.send(new ProducerRecord<>(topic, key, PrevisJson.mapper().writeValueAsBytes(value))).get();
  }
}
