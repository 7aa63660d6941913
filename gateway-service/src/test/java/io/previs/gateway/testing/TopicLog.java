package io.previs.gateway.testing;

import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.json.PrevisJson;
import java.time.Duration;
import java.util.HashMap;
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
 * Every record of a topic from its beginning, read as a dashboard would: no group, all partitions,
 * on a thread of its own until closed.
 */
public final class TopicLog implements AutoCloseable {

  public record Rec(String key, byte[] value, ConsumerRecord<String, byte[]> raw) {}

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final List<Rec> records = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  public TopicLog(String bootstrap, String topic) {
    this(Map.of("bootstrap.servers", bootstrap), topic);
  }

  /**
   * @param client consumer settings: bootstrap servers and, on a secured broker, its credentials
   */
  public TopicLog(Map<String, Object> client, String topic) {
    Map<String, Object> props = new HashMap<>(client);
    props.put("enable.auto.commit", false);
    KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> parts = partitions(c, topic);
    c.assign(parts);
    c.seekToBeginning(parts);
    thread =
        Thread.ofPlatform()
            .daemon(true)
            .name("topic-log-" + topic)
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

  /** The topic's partitions, once a service under test has created it. */
  private static List<TopicPartition> partitions(KafkaConsumer<?, ?> c, String topic) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      List<TopicPartition> parts =
          c.partitionsFor(topic, WAIT).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      if (!parts.isEmpty()) {
        return parts;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topic " + topic + " was not created in " + WAIT);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  public List<Rec> all() {
    return List.copyOf(records);
  }

  /** Every record's value read as {@code type}. */
  public <T> List<T> values(Class<T> type) {
    return records.stream().map(r -> PrevisJson.mapper().readValue(r.value(), type)).toList();
  }

  public List<JobEvent> events(Predicate<JobEvent> p) {
    return values(JobEvent.class).stream().filter(p).toList();
  }

  public List<JobEvent> decisions(String jobId) {
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
