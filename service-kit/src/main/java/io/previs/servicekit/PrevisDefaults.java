package io.previs.servicekit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Settings every Previs service shares, added as the lowest-priority property source so any of them
 * can still be overridden per service or per deployment: probes and Prometheus exposed, readiness
 * including Kafka and storage (liveness only the process), common metric tags, the job id in every
 * log line, and chatty Kafka client logging turned down.
 */
public final class PrevisDefaults implements EnvironmentPostProcessor {

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication app) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("management.endpoints.web.exposure.include", "health,info,prometheus,metrics");
    d.put("management.endpoint.health.probes.enabled", "true");
    d.put("management.endpoint.health.group.liveness.include", "livenessState");
    d.put("management.endpoint.health.group.readiness.include", "readinessState,kafka,storage");
    d.put("management.endpoint.health.show-details", "always");
    d.put("management.metrics.tags.application", "previs");
    d.put("management.metrics.tags.service", "${spring.application.name:previs}");
    d.put("logging.pattern.level", "%5p [${spring.application.name:-}] [job=%X{jobId:-}]");
    d.put("logging.level.org.apache.kafka", "WARN");
    d.put("logging.level.kafka", "WARN");
    d.put("logging.level.org.apache.kafka.clients.consumer.internals.ConsumerCoordinator", "WARN");
    d.put("spring.kafka.consumer.auto-offset-reset", "earliest");
    d.put("spring.kafka.consumer.enable-auto-commit", "false");
    d.put("spring.kafka.producer.acks", "all");
    d.put("spring.kafka.producer.properties.enable.idempotence", "true");
    d.put("spring.kafka.producer.properties.linger.ms", "5");
    d.put("spring.threads.virtual.enabled", "true");
    env.getPropertySources().addLast(new MapPropertySource("previsDefaults", d));
  }
}
