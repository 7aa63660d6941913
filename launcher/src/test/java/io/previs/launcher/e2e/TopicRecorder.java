package io.previs.launcher.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Records every record of some topics from the moment it starts, the way a dashboard or an auditor
 * would read them: a plain consumer, no group, every partition, from the end.
 */
final class TopicRecorder implements AutoCloseable {

  /** One record, with when this recorder received it. */
  record Rec(
      String topic,
      String key,
      String value,
      Map<String, String> headers,
      java.time.Instant received) {}

  private final List<Rec> records = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  TopicRecorder(String bootstrap, String... topics) {
    this(Map.of("bootstrap.servers", bootstrap), topics);
  }

  /** With a client's connection settings (credentials for a SASL broker). */
  TopicRecorder(Map<String, Object> client, String... topics) {
    Map<String, Object> config = new java.util.HashMap<>(client);
    config.put("enable.auto.commit", false);
    // The scheduler releases shards in transactions: an aborted release is not a release.
    config.put("isolation.level", "read_committed");
    KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> parts = new ArrayList<>();
    for (String t : topics) {
      c.partitionsFor(t, Duration.ofSeconds(30))
          .forEach(p -> parts.add(new TopicPartition(t, p.partition())));
    }
    c.assign(parts);
    c.seekToEnd(parts);
    parts.forEach(c::position);
    thread =
        Thread.ofPlatform()
            .daemon(true)
            .name("topic-recorder")
            .start(
                () -> {
                  try (c) {
                    while (running) {
                      for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(100))) {
                        Map<String, String> h = new java.util.LinkedHashMap<>();
                        r.headers()
                            .forEach(
                                x ->
                                    h.put(
                                        x.key(),
                                        x.value() == null
                                            ? null
                                            : new String(x.value(), StandardCharsets.UTF_8)));
                        records.add(
                            new Rec(
                                r.topic(),
                                r.key(),
                                r.value() == null
                                    ? null
                                    : new String(r.value(), StandardCharsets.UTF_8),
                                h,
                                java.time.Instant.now()));
                      }
                    }
                  }
                });
  }

  List<Rec> all(String topic) {
    return records.stream().filter(r -> r.topic().equals(topic)).toList();
  }

  List<Rec> where(String topic, Predicate<Rec> p) {
    return all(topic).stream().filter(p).toList();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(5000);
  }
}
