package io.previs.launcher.render;

import io.previs.contracts.job.JobEvent;
import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows one job on previs.jobs.events from the position the topic had before the job was
 * submitted, as any dashboard would: a plain consumer, no group, every partition.
 */
public final class JobWatcher implements AutoCloseable {

  private final KafkaConsumer<String, byte[]> consumer;

  public JobWatcher(String bootstrapServers) {
    Map<String, Object> p = new HashMap<>();
    p.put("bootstrap.servers", bootstrapServers);
    p.put("enable.auto.commit", false);
    consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> parts =
        consumer.partitionsFor(Topics.JOBS_EVENTS.name(), Duration.ofSeconds(30)).stream()
            .map(i -> new TopicPartition(i.topic(), i.partition()))
            .toList();
    consumer.assign(parts);
    consumer.seekToEnd(parts);
    parts.forEach(consumer::position); // fix the start before the job is submitted
  }

  /**
   * Feeds the job's events to {@code onEvent} until it returns true (done) or the timeout passes.
   *
   * @return true when {@code onEvent} finished the watch
   */
  public boolean follow(String jobId, Duration timeout, Predicate<JobEvent> onEvent) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        if (!jobId.equals(r.key())) {
          continue;
        }
        JobEvent e = PrevisJson.mapper().readValue(r.value(), JobEvent.class);
        if (onEvent.test(e)) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
