package io.previs.gateway.replicas;

import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.json.PrevisJson;
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
 * Every record of a topic from its beginning, read as a dashboard would: no group, all partitions.
 */
final class EventLog implements AutoCloseable {

  record Rec(String key, byte[] value, ConsumerRecord<String, byte[]> raw) {}

  private final List<Rec> records = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  EventLog(String bootstrap, String topic) {
    KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(
            Map.of("bootstrap.servers", bootstrap, "enable.auto.commit", false),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> parts = new ArrayList<>();
    c.partitionsFor(topic, Duration.ofSeconds(30))
        .forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
    c.assign(parts);
    c.seekToBeginning(parts);
    thread =
        Thread.ofPlatform()
            .daemon(true)
            .name("event-log-" + topic)
            .start(
                () -> {
                  try (c) {
                    while (running) {
                      for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(50))) {
                        records.add(new Rec(r.key(), r.value(), r));
                      }
                    }
                  }
                });
  }

  List<Rec> all() {
    return List.copyOf(records);
  }

  List<JobEvent> events(Predicate<JobEvent> p) {
    return records.stream()
        .map(r -> PrevisJson.mapper().readValue(r.value(), JobEvent.class))
        .filter(p)
        .toList();
  }

  List<JobEvent> decisions(String jobId) {
    return events(
        e ->
            jobId.equals(e.jobId())
                && (e.type() == JobEventType.ACCEPTED
                    || e.type() == JobEventType.DUPLICATE
                    || e.type() == JobEventType.REJECTED));
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(5000);
  }
}
