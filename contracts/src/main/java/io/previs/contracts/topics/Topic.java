package io.previs.contracts.topics;

import java.time.Duration;

/**
 * One Kafka topic of the Previs event flow, described in one place: name, key, value type, and how
 * it should be created. Dead letters go to {@link #deadLetter()}.
 *
 * @param key what the record key is (per-entity ordering holds for that entity)
 * @param cloudEventType the CloudEvents {@code type} prefix of records on this topic
 * @param compacted state keyed by entity (cleanup.policy=compact) rather than an event stream
 */
public record Topic<V>(
    String name,
    Class<V> valueType,
    String key,
    int partitions,
    Duration retention,
    String cloudEventType,
    String description,
    boolean compacted) {

  public static final String DEAD_LETTER_SUFFIX = "-dlt";

  /** An event stream (deleted by retention). */
  public Topic(
      String name,
      Class<V> valueType,
      String key,
      int partitions,
      Duration retention,
      String cloudEventType,
      String description) {
    this(name, valueType, key, partitions, retention, cloudEventType, description, false);
  }

  public String deadLetter() {
    return name + DEAD_LETTER_SUFFIX;
  }
}
