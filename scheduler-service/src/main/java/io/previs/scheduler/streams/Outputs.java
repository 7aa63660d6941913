package io.previs.scheduler.streams;

import io.previs.contracts.cloudevents.CloudEventHeaders;
import io.previs.contracts.cloudevents.EventMetadata;
import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.topics.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Builds the scheduler's output records: JSON values with CloudEvents headers, and the topic in a
 * header the topology's one sink reads (pools' queues are named at run time).
 */
final class Outputs {

  /** Read by {@link SchedulerTopology}'s topic extractor; internal to the scheduler's output. */
  static final String TOPIC_HEADER = "previs_topic";

  static final String SOURCE = "/previs/scheduler";

  private Outputs() {}

  static Record<String, byte[]> record(
      Topic<?> topic,
      String key,
      Object value,
      String typeSuffix,
      String subject,
      String correlationId,
      Instant at) {
    Headers headers = new RecordHeaders();
    CloudEventHeaders.write(
        headers,
        new EventMetadata(
            UUID.randomUUID().toString(),
            typeSuffix == null ? topic.cloudEventType() : topic.cloudEventType() + "." + typeSuffix,
            SOURCE,
            at,
            subject,
            correlationId));
    headers.add(TOPIC_HEADER, topic.name().getBytes(StandardCharsets.UTF_8));
    return new Record<>(key, json(value), at.toEpochMilli(), headers);
  }

  static byte[] json(Object value) {
    return PrevisJson.mapper().writeValueAsBytes(value);
  }

  static <T> T read(byte[] bytes, Class<T> type) {
    return PrevisJson.mapper().readValue(bytes, type);
  }
}
