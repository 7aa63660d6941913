package io.previs.autoscaler.loop;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.previs.autoscaler.policy.WorkerState;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The autoscaler's figures for dashboards and alerts, per pool:
 *
 * <ul>
 *   <li>{@code previs.autoscaler.desired{pool}}: workers the backlog calls for (within min/max)
 *   <li>{@code previs.autoscaler.replicas{pool}}: the Deployment's replica count
 *   <li>{@code previs.autoscaler.workers{pool,state}}: pods by state (starting, idle, busy,
 *       draining, drained, stuck)
 *   <li>{@code previs.autoscaler.startup.seconds{pool}}: measured worker start-up
 *   <li>{@code previs.autoscaler.decisions{pool,reason}}: decisions that changed something
 *   <li>{@code previs.autoscaler.busy.kills{pool,cause}}: pods that went while their worker held a
 *       shard (cause autoscaler or external); the goal is zero for the autoscaler
 *   <li>{@code previs.autoscaler.leader}: 1 on the replica holding the Lease
 * </ul>
 */
final class AutoscalerMetrics {

  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> gauges = new ConcurrentHashMap<>();
  private final Map<String, Double> doubles = new ConcurrentHashMap<>();
  private final AtomicInteger leader = new AtomicInteger();

  AutoscalerMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("previs.autoscaler.leader", leader, AtomicInteger::get)
        .description("1 on the autoscaler replica holding the Lease")
        .register(registry);
  }

  void leader(boolean is) {
    leader.set(is ? 1 : 0);
  }

  void pool(
      String pool, int desired, int replicas, Map<WorkerState, Integer> states, double startup) {
    gauge("previs.autoscaler.desired", pool, null, desired);
    gauge("previs.autoscaler.replicas", pool, null, replicas);
    for (WorkerState s : WorkerState.values()) {
      gauge("previs.autoscaler.workers", pool, s.metric(), states.getOrDefault(s, 0));
    }
    String key = pool;
    if (doubles.put(key, startup) == null) {
      Gauge.builder("previs.autoscaler.startup.seconds", doubles, m -> m.getOrDefault(key, 0.0))
          .tag("pool", pool)
          .description("measured worker start-up: pod created to first report")
          .register(registry);
    }
  }

  void decision(String pool, String reason) {
    Counter.builder("previs.autoscaler.decisions")
        .tag("pool", pool)
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  void busyKill(String pool, String cause) {
    Counter.builder("previs.autoscaler.busy.kills")
        .tag("pool", pool)
        .tag("cause", cause)
        .description("worker pods that went while holding a shard")
        .register(registry)
        .increment();
  }

  /** Registers the counters at zero, so dashboards and alerts see the series before any event. */
  void register(String pool) {
    for (String cause : new String[] {"autoscaler", "external"}) {
      Counter.builder("previs.autoscaler.busy.kills")
          .tag("pool", pool)
          .tag("cause", cause)
          .description("worker pods that went while holding a shard")
          .register(registry);
    }
  }

  private void gauge(String name, String pool, String state, int value) {
    String key = name + "|" + pool + "|" + state;
    gauges
        .computeIfAbsent(
            key,
            k -> {
              AtomicInteger v = new AtomicInteger();
              var b = Gauge.builder(name, v, AtomicInteger::get).tag("pool", pool);
              if (state != null) {
                b.tag("state", state);
              }
              b.register(registry);
              return v;
            })
        .set(value);
  }
}
