package io.previs.gateway.scheduling;

import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.scheduling.StudioQuota;
import io.previs.contracts.topics.Topics;
import io.previs.gateway.GatewayProperties;
import io.previs.gateway.replay.TopicReplay;
import io.previs.servicekit.kafka.EventPublisher;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Studios' quotas as ops set them, from the compacted previs.studios.quotas (every replica reads it
 * all). The gateway enforces the queued-job limit at intake; the scheduler reads the same topic for
 * the rest.
 */
@Component
public class QuotaStore implements SmartLifecycle, HealthIndicator {

  private final Map<String, StudioQuota> quotas = new ConcurrentHashMap<>();
  private final TopicReplay replay;
  private final EventPublisher publisher;
  private final GatewayProperties props;

  public QuotaStore(
      KafkaProperties kafka, Admin previsAdmin, EventPublisher publisher, GatewayProperties props) {
    this.publisher = publisher;
    this.props = props;
    this.replay =
        new TopicReplay(
            kafka,
            previsAdmin,
            Topics.STUDIOS_QUOTAS.name(),
            "studio-quotas",
            r -> {
              if (r.value() == null) {
                quotas.remove(r.key());
              } else {
                StudioQuota q = PrevisJson.mapper().readValue(r.value(), StudioQuota.class);
                quotas.put(q.studio(), q);
              }
            });
  }

  /** The studio's quota: what ops set, else the defaults (no limits but the configured ones). */
  public StudioQuota quota(String studio) {
    StudioQuota q = quotas.get(studio);
    return q != null
        ? q
        : new StudioQuota(
            StudioQuota.SCHEMA_VERSION,
            studio,
            1,
            0,
            props.defaultMaxQueuedJobs(),
            0,
            0,
            null,
            null);
  }

  public Optional<StudioQuota> set(StudioQuota q) {
    try {
      publisher.publish(Topics.STUDIOS_QUOTAS, q.studio(), q, null, null, null).get();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("cannot store the quota of " + q.studio(), e);
    }
    quotas.put(q.studio(), q);
    return Optional.of(q);
  }

  public Duration retryAfter() {
    return props.quotaRetryAfter();
  }

  @Override
  public void start() {
    replay.start();
  }

  @Override
  public void stop() {
    replay.stop();
  }

  @Override
  public boolean isRunning() {
    return replay.isRunning();
  }

  /** Readiness contributor "quotaStore": intake cannot enforce a limit it has not read. */
  @Override
  public Health health() {
    return (replay.caughtUp() ? Health.up() : Health.outOfService())
        .withDetail("quotas", quotas.size())
        .build();
  }
}
