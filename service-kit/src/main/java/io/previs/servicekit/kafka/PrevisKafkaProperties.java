package io.previs.servicekit.kafka;

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
 */
@Validated
@ConfigurationProperties("previs.kafka")
public record PrevisKafkaProperties(
    @DefaultValue("1") @Min(1) @Max(7) short replicationFactor,
    @DefaultValue("true") boolean createTopics,
    @DefaultValue("2") @Min(0) @Max(10) int retries,
    @DefaultValue("500ms") Duration retryBackoff) {}
