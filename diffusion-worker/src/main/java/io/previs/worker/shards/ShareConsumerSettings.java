package io.previs.worker.shards;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * The share consumer's configuration, built like every other client's: from Boot's {@link
 * KafkaProperties}, so {@code spring.kafka.security.protocol}, {@code spring.kafka.ssl.*}, {@code
 * spring.kafka.consumer.*} and {@code spring.kafka.properties.*} all reach it. Only what a share
 * consumer refuses is taken out (Kafka throws on those: offsets and assignment belong to the share
 * group), and the worker's own one-shard-at-a-time settings are put in.
 */
final class ShareConsumerSettings {

  /** Consumer settings {@code KafkaShareConsumer} rejects (Kafka 4.2's ShareConsumerConfig). */
  static final List<String> UNSUPPORTED =
      List.of(
          "auto.offset.reset",
          "enable.auto.commit",
          "group.instance.id",
          "isolation.level",
          "partition.assignment.strategy",
          "interceptor.classes",
          "session.timeout.ms",
          "heartbeat.interval.ms",
          "group.protocol",
          "group.remote.assignor");

  private ShareConsumerSettings() {}

  static Map<String, Object> of(KafkaProperties kafka, String groupId, String clientId) {
    Map<String, Object> p = new HashMap<>(kafka.buildConsumerProperties());
    UNSUPPORTED.forEach(p::remove);
    p.remove("key.deserializer");
    p.remove("value.deserializer"); // given to the constructor
    p.put("group.id", groupId);
    p.put("client.id", clientId);
    p.put("share.acknowledgement.mode", "explicit");
    p.put("share.acquire.mode", "record_limit");
    p.put("max.poll.records", 1);
    return p;
  }
}
