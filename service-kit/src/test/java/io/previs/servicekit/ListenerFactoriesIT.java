package io.previs.servicekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.topics.Topics;
import io.previs.localstack.LocalKafka;
import io.previs.servicekit.kafka.JsonOrBytesSerializer;
import io.previs.servicekit.kafka.ListenerFactories;
import io.previs.servicekit.kafka.NonRetryableException;
import io.previs.servicekit.kafka.PrevisKafkaProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListener;

/**
 * Poison records and hopeless records go to the dead-letter topic with a reason; the consumer goes
 * on.
 */
class ListenerFactoriesIT {

  @Test
  void poisonAndNonRetryableRecordsAreDeadLetteredAndGoodOnesStillArrive() throws Exception {
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
      run(broker);
    }
  }

  private final io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
      new io.micrometer.core.instrument.simple.SimpleMeterRegistry();

  private void run(LocalKafka broker) throws Exception {
    Map<String, Object> producer = Map.of("bootstrap.servers", broker.bootstrapServers());
    KafkaTemplate<String, Object> template =
        new KafkaTemplate<>(
            new DefaultKafkaProducerFactory<>(
                producer, new StringSerializer(), new JsonOrBytesSerializer()));
    var factories =
        new ListenerFactories(
            Map.of(
                "bootstrap.servers",
                broker.bootstrapServers(),
                "group.id",
                "t",
                "auto.offset.reset",
                "earliest"),
            template,
            new PrevisKafkaProperties((short) 1, false, 2, Duration.ofMillis(50), null),
            registry);
    List<String> gaveUp = new CopyOnWriteArrayList<>();
    var factory =
        factories.forTopic(Topics.JOBS_EVENTS, 1, (r, ex) -> gaveUp.add(String.valueOf(r.key())));
    var container = factory.createContainer("previs.jobs.events");
    List<String> handled = new CopyOnWriteArrayList<>();
    AtomicInteger hopelessAttempts = new AtomicInteger();
    container.setupMessageListener(
        (MessageListener<String, JobEvent>)
            r -> {
              if ("hopeless".equals(r.key())) {
                hopelessAttempts.incrementAndGet();
                throw new NonRetryableException("model previs-nope is not installed");
              }
              handled.add(r.key());
            });
    container.start();
    try {
      template
          .send("previs.jobs.events", "poison", "{not json".getBytes(StandardCharsets.UTF_8))
          .get();
      template
          .send(
              "previs.jobs.events",
              "hopeless",
              JobEvent.of(JobEventType.ACCEPTED, "j-2", "a", Instant.now()))
          .get();
      template
          .send(
              "previs.jobs.events",
              "good",
              JobEvent.of(JobEventType.ACCEPTED, "j-3", "a", Instant.now()))
          .get();
      await().atMost(Duration.ofSeconds(30)).until(() -> handled.contains("good"));

      List<ConsumerRecord<String, byte[]>> dead = readAll(broker, "previs.jobs.events-dlt", 2);
      assertThat(dead).extracting(ConsumerRecord::key).containsExactly("poison", "hopeless");
      assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
      assertThat(header(dead.get(0), ListenerFactories.REASON_HEADER))
          .contains("not a valid JobEvent on previs.jobs.events");
      assertThat(header(dead.get(1), ListenerFactories.REASON_HEADER))
          .isEqualTo("model previs-nope is not installed");
      assertThat(header(dead.get(1), "kafka_dlt-original-topic")).isEqualTo("previs.jobs.events");
      assertThat(hopelessAttempts.get()).as("not retried").isEqualTo(1);
      assertThat(gaveUp).containsExactly("poison", "hopeless");
      // and both are counted for the DLT-growth alert, by dead-letter topic
      assertThat(
              registry
                  .get("previs.deadletters")
                  .tag("topic", "previs.jobs.events-dlt")
                  .counter()
                  .count())
          .isEqualTo(2.0);
    } finally {
      container.stop();
    }
  }

  private static String header(ConsumerRecord<?, ?> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static List<ConsumerRecord<String, byte[]>> readAll(
      LocalKafka broker, String topic, int n) {
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                broker.bootstrapServers(),
                "group.id",
                "dlt-reader",
                "auto.offset.reset",
                "earliest"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      List<ConsumerRecord<String, byte[]>> out = new CopyOnWriteArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
                return out.size() >= n;
              });
      return out;
    }
  }
}
