package io.previs.worker.shards;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

class ShareConsumerSettingsTest {

  @Test
  void securitySettingsFromEveryBootPropertyReachTheShareConsumer() {
    KafkaProperties kafka = new KafkaProperties();
    kafka.setBootstrapServers(java.util.List.of("broker:9093"));
    kafka.getSecurity().setProtocol("SASL_SSL");
    kafka
        .getSsl()
        .setTrustStoreLocation(new org.springframework.core.io.FileSystemResource("/etc/ts.p12"));
    kafka.getSsl().setTrustStorePassword("changeit");
    kafka.getProperties().put("sasl.mechanism", "SCRAM-SHA-512");
    kafka.getConsumer().setAutoOffsetReset("earliest");
    kafka.getConsumer().setEnableAutoCommit(false);
    kafka.getConsumer().setIsolationLevel(KafkaProperties.IsolationLevel.READ_COMMITTED);

    Map<String, Object> p = ShareConsumerSettings.of(kafka, "previs-workers", "previs-worker-w1");

    assertThat(p)
        .containsEntry("bootstrap.servers", java.util.List.of("broker:9093"))
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("ssl.truststore.password", "changeit")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("group.id", "previs-workers")
        .containsEntry("client.id", "previs-worker-w1")
        .containsEntry("share.acknowledgement.mode", "explicit")
        .containsEntry("max.poll.records", 1);
    assertThat(p.get("ssl.truststore.location").toString()).endsWith("ts.p12");
    assertThat(p.keySet()).doesNotContainAnyElementsOf(ShareConsumerSettings.UNSUPPORTED);
  }

  @Test
  void theSettingsAreOnesKafkasShareConsumerAccepts() {
    KafkaProperties kafka = new KafkaProperties();
    kafka.getConsumer().setAutoOffsetReset("earliest");
    kafka.getConsumer().setEnableAutoCommit(false);
    kafka.getConsumer().setIsolationLevel(KafkaProperties.IsolationLevel.READ_COMMITTED);
    kafka.getConsumer().setHeartbeatInterval(java.time.Duration.ofSeconds(3));
    try (var c =
        new KafkaShareConsumer<>(
            ShareConsumerSettings.of(kafka, "g", "c"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      assertThat(c.subscription()).isEmpty();
    }
  }
}
