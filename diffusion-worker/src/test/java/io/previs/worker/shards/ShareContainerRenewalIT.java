package io.previs.worker.shards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.previs.localstack.LocalKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.config.ShareKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultShareConsumerFactory;
import org.springframework.kafka.listener.AcknowledgingShareConsumerAwareMessageListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.support.ShareAcknowledgment;

/**
 * Why the worker keeps its own share-consumer loop (DESIGN.md beside ShardConsumer), checked
 * against a real broker: spring-kafka 4.1's share container, in MANUAL acknowledgement mode, renews
 * a record's lock, but then hands the renewed record to the listener again — same offset, same
 * delivery count, a new acknowledgement — once per renewal it picks up. A shard that renders for
 * minutes would look like a dozen fresh shards. If this test starts failing, spring-kafka models
 * renewal as the worker needs and the worker can move onto the container.
 */
class ShareContainerRenewalIT {

  record Call(long offset, int delivery, ShareAcknowledgment ack) {}

  @Test
  void theContainerRedeliversARenewedRecordToTheListenerAsIfItWereNew() throws Exception {
    try (LocalKafka kafka = LocalKafka.start(0, 2000)) {
      createTopicAndGroup(kafka);
      send(kafka, "s1", "render me");
      var factory =
          new ShareKafkaListenerContainerFactory<String, String>(
              new DefaultShareConsumerFactory<>(
                  Map.of(
                      "bootstrap.servers",
                      kafka.bootstrapServers(),
                      "group.id",
                      "workers",
                      "share.acquire.mode",
                      "record_limit",
                      "max.poll.records",
                      1),
                  new StringDeserializer(),
                  new StringDeserializer(),
                  false));
      var container = factory.createContainer("shards");
      container.getContainerProperties().setShareAckMode(ContainerProperties.ShareAckMode.MANUAL);
      List<Call> calls = new CopyOnWriteArrayList<>();
      List<String> outcome = new CopyOnWriteArrayList<>();
      ScheduledExecutorService render = Executors.newSingleThreadScheduledExecutor();
      container.setupMessageListener(
          (AcknowledgingShareConsumerAwareMessageListener<String, String>)
              (ConsumerRecord<String, String> r,
                  ShareAcknowledgment ack,
                  ShareConsumer<?, ?> c) -> {
                calls.add(
                    new Call(r.offset(), r.deliveryCount().map(Short::intValue).orElse(0), ack));
                if (calls.size() == 1) {
                  // given: a 6 s render under a 2 s lock, renewed every 600 ms, then accepted
                  for (int i = 1; i <= 10; i++) {
                    render.schedule(ack::renew, i * 600L, TimeUnit.MILLISECONDS);
                  }
                  render.schedule(
                      () -> {
                        ack.acknowledge();
                        outcome.add("accepted");
                      },
                      6500,
                      TimeUnit.MILLISECONDS);
                }
              });
      container.start();
      try {
        await().atMost(Duration.ofSeconds(30)).until(() -> outcome.contains("accepted"));
        send(kafka, "s2", "the next shard");
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> calls.stream().anyMatch(c -> c.offset() == 1));
      } finally {
        container.stop();
        render.shutdownNow();
      }

      // then: the first shard reached the listener more than once, never as a redelivery
      List<Call> first = calls.stream().filter(c -> c.offset() == 0).toList();
      assertThat(first).hasSizeGreaterThan(1);
      assertThat(first).allSatisfy(c -> assertThat(c.delivery()).isEqualTo(1));
      assertThat(first.stream().map(Call::ack).distinct()).hasSize(first.size());
      // and the original acknowledgement still accepted it: the next shard came, once
      assertThat(calls.stream().filter(c -> c.offset() == 1)).hasSize(1);
    }
  }

  private static void createTopicAndGroup(LocalKafka kafka) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic("shards", 1, (short) 1))).all().get();
      admin
          .incrementalAlterConfigs(
              Map.of(
                  new ConfigResource(ConfigResource.Type.GROUP, "workers"),
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry("share.auto.offset.reset", "earliest"),
                          AlterConfigOp.OpType.SET))))
          .all()
          .get();
    }
  }

  private static void send(LocalKafka kafka, String key, String value) throws Exception {
    try (KafkaProducer<String, String> p =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      p.send(new ProducerRecord<>("shards", key, value)).get();
    }
  }
}
