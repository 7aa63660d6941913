package io.previs.servicekit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.previs.contracts.topics.Topics;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Bound from environment variables, as the chart sets them. */
class PrevisKafkaPropertiesTest {

  @Test
  void theChartsEnvironmentVariableSetsTheAuditRetention() {
    PrevisKafkaProperties props = bind(Map.of("PREVIS_KAFKA_AUDITRETENTION", "730d"));
    assertThat(props.retentionOf(Topics.AUDIT)).isEqualTo(Duration.ofDays(730));
    assertThat(props.retentionOf(Topics.JOBS_EVENTS)).isEqualTo(Topics.JOBS_EVENTS.retention());
  }

  @Test
  void withoutTheSettingTheAuditLogKeepsItsDefault() {
    assertThat(bind(Map.of()).retentionOf(Topics.AUDIT)).isEqualTo(Duration.ofDays(400));
  }

  @Test
  void aZeroRetentionIsRefusedByName() {
    assertThatThrownBy(() -> bind(Map.of("PREVIS_KAFKA_AUDITRETENTION", "0d")))
        .rootCause()
        .hasMessageContaining("previs.kafka.audit-retention: must be positive");
  }

  private static PrevisKafkaProperties bind(Map<String, Object> env) {
    MutablePropertySources sources = new MutablePropertySources();
    sources.addFirst(
        new SystemEnvironmentPropertySource(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
    return new Binder(ConfigurationPropertySources.from(sources))
        .bindOrCreate("previs.kafka", PrevisKafkaProperties.class);
  }
}
