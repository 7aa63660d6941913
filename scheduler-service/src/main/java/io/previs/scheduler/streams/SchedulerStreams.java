package io.previs.scheduler.streams;

import io.previs.scheduler.SchedulerProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the scheduler topology. Every replica runs it under one application id; Kafka assigns the
 * inbox's one partition — and so the scheduler — to one of them, and hands it to another (which
 * rebuilds the state from the changelog, or from its standby copy) when that one leaves or stops
 * heart-beating. The client settings come from Boot's {@code spring.kafka.*}, security included,
 * like every other client of the platform.
 */
@Component
public class SchedulerStreams implements SmartLifecycle, HealthIndicator {

  private static final Logger log = LoggerFactory.getLogger(SchedulerStreams.class);

  private final KafkaProperties kafka;
  private final SchedulerProperties props;
  private final SchedulerMetrics metrics;
  private volatile KafkaStreams streams;

  public SchedulerStreams(
      KafkaProperties kafka, SchedulerProperties props, SchedulerMetrics metrics) {
    this.kafka = kafka;
    this.props = props;
    this.metrics = metrics;
  }

  Properties config() {
    Properties p = new Properties();
    Map<String, Object> base = kafka.buildStreamsProperties();
    p.putAll(base);
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, props.applicationId());
    p.put(StreamsConfig.STATE_DIR_CONFIG, props.stateDir().toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, props.standbyReplicas());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    // The task reads two topics whose relative order means nothing (quotas apply when they come):
    // never hold the inbox back waiting to hear from the mostly idle quotas partition.
    p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
    // A lost replica's partition moves after this long; the platform's other consumers use 10 s.
    p.putIfAbsent(StreamsConfig.consumerPrefix("session.timeout.ms"), 10_000);
    p.putIfAbsent(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), 1_000);
    p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
    return p;
  }

  @Override
  public void start() {
    streams =
        new KafkaStreams(SchedulerTopology.build(props, metrics, Clock.systemUTC()), config());
    streams.setStateListener((now, before) -> log.info("Scheduler streams {} → {}", before, now));
    streams.setUncaughtExceptionHandler(
        e -> {
          log.error("Scheduler stream thread failed; replacing it", e);
          return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler
              .StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    streams.start();
  }

  @Override
  public void stop() {
    KafkaStreams s = streams;
    if (s != null) {
      s.close(Duration.ofSeconds(30));
      streams = null;
    }
  }

  @Override
  public boolean isRunning() {
    return streams != null;
  }

  /** Ready once the topology runs (active or standing by); not while it starts or has failed. */
  @Override
  public Health health() {
    KafkaStreams s = streams;
    if (s == null) {
      return Health.down().withDetail("streams", "stopped").build();
    }
    KafkaStreams.State state = s.state();
    boolean up = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
    return (up ? Health.up() : Health.down()).withDetail("streams", state.name()).build();
  }

  /** The client, for tests that stop a replica abruptly. */
  public KafkaStreams streams() {
    return streams;
  }
}
