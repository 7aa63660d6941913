package io.previs.worker.shards;

import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.Stage;
import io.previs.contracts.shard.ShardTask;
import io.previs.contracts.topics.Topic;
import io.previs.servicekit.kafka.EventPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Dead-letters a shard the pool cannot render: the original record, unchanged, to the queue's -dlt
 * topic with spring-kafka's standard {@code kafka_dlt-*} headers (so the same tools read every
 * DLT), and — when the shard could be read — a failed event on its job.
 */
@Component
class ShardDeadLetters {

  private final KafkaTemplate<String, Object> template;
  private final EventPublisher publisher;
  private final io.micrometer.core.instrument.MeterRegistry registry;

  ShardDeadLetters(
      KafkaTemplate<String, Object> previsKafkaTemplate,
      EventPublisher publisher,
      io.micrometer.core.instrument.MeterRegistry registry) {
    this.template = previsKafkaTemplate;
    this.publisher = publisher;
    this.registry = registry;
  }

  void deadLetter(
      ConsumerRecord<String, byte[]> record, ShardTask task, String reason, Throwable cause) {
    ProducerRecord<String, Object> dlt =
        new ProducerRecord<>(
            record.topic() + Topic.DEAD_LETTER_SUFFIX,
            record.partition(),
            record.key(),
            record.value());
    for (Header h : record.headers()) {
      dlt.headers().add(h);
    }
    add(dlt, "kafka_dlt-original-topic", record.topic());
    add(dlt, "kafka_dlt-original-partition", Integer.toString(record.partition()));
    add(dlt, "kafka_dlt-original-offset", Long.toString(record.offset()));
    add(dlt, "kafka_dlt-exception-message", reason);
    add(dlt, "previs_dlt_reason", reason);
    add(dlt, "kafka_dlt-exception-fqcn", cause == null ? "" : cause.getClass().getName());
    add(dlt, "previs_delivery_count", record.deliveryCount().map(String::valueOf).orElse("?"));
    try {
      template.send(dlt).get();
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot dead-letter shard " + record.key() + ": " + e.getMessage(), e);
    }
    io.previs.servicekit.kafka.ListenerFactories.count(registry, dlt.topic());
    if (task != null) {
      publisher.publishJobEvent(
          JobEvent.of(JobEventType.FAILED, task.jobId(), task.studio(), Instant.now())
              .withStage(Stage.RENDER)
              .withShard(new JobEvent.ShardRef(task.shardId(), task.shot(), task.variant()))
              .withReason("shard " + task.shardId() + " failed: " + reason),
          null);
    }
  }

  private static void add(ProducerRecord<String, Object> r, String name, String value) {
    r.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
