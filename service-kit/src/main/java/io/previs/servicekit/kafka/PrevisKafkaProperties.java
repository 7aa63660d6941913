package io.previs.servicekit.kafka;

import io.previs.contracts.topics.Topic;
import io.previs.contracts.topics.Topics;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Kafka settings beyond spring.kafka.*.
 *
 * @param replicationFactor for the topics this service creates when missing (3 in production)
 * @param createTopics create missing topics at start-up (off where an operator owns topics)
 * @param retries attempts after the first before a failing record goes to its dead-letter topic
 * @param retryBackoff first back-off; doubles each retry
 * @param auditRetention how long previs.audit keeps its records when a service creates it (a
 *     studio's policy may ask for two years: {@code PREVIS_KAFKA_AUDITRETENTION=730d}). One named
 *     setting rather than a map keyed by topic: map keys with dots cannot be bound from environment
 *     variables, which is how the chart configures the services.
 */
@Validated
@ConfigurationProperties("previs.kafka")
public record PrevisKafkaProperties(
    @DefaultValue("1") @Min(1) @Max(7) short replicationFactor,
    @DefaultValue("true") boolean createTopics,
    @DefaultValue("2") @Min(0) @Max(10) int retries,
    @DefaultValue("500ms") Duration retryBackoff,
    Duration auditRetention) {

  public PrevisKafkaProperties {
    if (auditRetention == null) {
      auditRetention = Topics.AUDIT.retention();
    }
    if (auditRetention.isNegative() || auditRetention.isZero()) {
      throw new IllegalArgumentException(
          "previs.kafka.audit-retention: must be positive, was " + auditRetention);
    }
  }

  /** The retention a topic is created with. */
  public Duration retentionOf(Topic<?> topic) {
    return topic.equals(Topics.AUDIT) ? auditRetention : topic.retention();
  }
}
