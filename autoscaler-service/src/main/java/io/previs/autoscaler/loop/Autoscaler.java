package io.previs.autoscaler.loop;

import io.previs.autoscaler.farm.FarmView;
import io.previs.autoscaler.kube.Leadership;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;

/**
 * Runs every pool's loop on a fixed interval, on the leader only: followers keep their farm view
 * warm and wait. A pool whose loop fails (the API server unreachable) is retried next interval; the
 * others go on.
 */
public final class Autoscaler implements SmartLifecycle, HealthIndicator {

  private static final Logger log = LoggerFactory.getLogger(Autoscaler.class);

  private final List<PoolLoop> pools;
  private final FarmView farm;
  private final Leadership leadership;
  private final AutoscalerMetrics metrics;
  private final Duration interval;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("autoscaler").factory());
  private volatile boolean running;
  private volatile String lastError;

  Autoscaler(
      List<PoolLoop> pools,
      FarmView farm,
      Leadership leadership,
      AutoscalerMetrics metrics,
      Duration interval) {
    this.pools = pools;
    this.farm = farm;
    this.leadership = leadership;
    this.metrics = metrics;
    this.interval = interval;
  }

  @Override
  public void start() {
    running = true;
    farm.start();
    leadership.start();
    timer.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    log.info(
        "Autoscaler {} started for pools {}",
        leadership.identity(),
        pools.stream().map(PoolLoop::pool).toList());
  }

  private void tick() {
    boolean leads = leadership.isLeader();
    metrics.leader(leads);
    if (!leads || !farm.caughtUp()) {
      return; // a new leader acts on a complete view, never on a partial one
    }
    for (PoolLoop p : pools) {
      try {
        p.tick();
        lastError = null;
      } catch (Exception e) {
        lastError = p.pool() + ": " + e;
        log.warn("Pool {}: this round failed, retrying next interval: {}", p.pool(), e.toString());
      }
    }
  }

  @Override
  public Health health() {
    Health.Builder h = farm.healthy() ? Health.up() : Health.down();
    h.withDetail("leader", leadership.isLeader())
        .withDetail("identity", leadership.identity())
        .withDetail("farmViewCaughtUp", farm.caughtUp());
    if (leadership.currentLeader() != null) {
      h.withDetail("currentLeader", leadership.currentLeader());
    }
    if (lastError != null) {
      h.withDetail("lastError", lastError);
    }
    return h.build();
  }

  @Override
  public void stop() {
    running = false;
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    leadership.close();
    farm.close();
    metrics.leader(false);
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
