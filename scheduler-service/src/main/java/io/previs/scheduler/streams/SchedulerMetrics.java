package io.previs.scheduler.streams;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.previs.contracts.job.Priority;
import io.previs.scheduler.policy.Decision;
import io.previs.scheduler.policy.PoolSpec;
import io.previs.scheduler.policy.Scheduler;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * The scheduler's figures for ops and the autoscaler. The policy runs on the stream thread; gauges
 * read a snapshot it refreshes every backlog interval, never the policy itself.
 *
 * <ul>
 *   <li>{@code previs.scheduler.backlog.seconds{pool,priority}}: pending GPU-seconds a pool could
 *       run
 *   <li>{@code previs.scheduler.gpus{pool,state}}: busy, idle, draining
 *   <li>{@code previs.scheduler.queued}: pending shards
 *   <li>{@code previs.scheduler.queue.wait{priority}}: from planned to released (histogram)
 *   <li>{@code previs.scheduler.decisions{kind}}: dispatch, stop.cancel, stop.pause, stop.preempt,
 *       cancelled, budget
 *   <li>{@code previs.scheduler.active}: 1 on the replica that owns the inbox
 *   <li>{@code previs.studio.budget.used.ratio{studio,period}}: GPU-seconds used this UTC day or
 *       month over the studio's budget for it (studios with a budget only)
 * </ul>
 */
@Component
public class SchedulerMetrics {

  private final MeterRegistry registry;
  private final Map<String, Double> values = new ConcurrentHashMap<>();
  private final AtomicInteger active = new AtomicInteger();

  public SchedulerMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("previs.scheduler.active", active, AtomicInteger::get)
        .description("1 on the replica that owns the scheduler's inbox")
        .register(registry);
    Gauge.builder("previs.scheduler.queued", values, v -> v.getOrDefault("queued", 0.0))
        .register(registry);
  }

  void bind(Scheduler scheduler) {
    active.set(1);
    refresh(scheduler, scheduler.backlogSeconds(java.time.Instant.now()));
  }

  void unbind() {
    active.set(0);
  }

  void refresh(Scheduler s, Map<String, double[]> backlog) {
    values.put("queued", (double) s.queued());
    for (PoolSpec pool : s.pools()) {
      String p = pool.name();
      double[] perClass = backlog.getOrDefault(p, new double[Priority.values().length]);
      for (Priority c : Priority.values()) {
        gauge("previs.scheduler.backlog.seconds", p, "priority", c.wire(), perClass[c.ordinal()]);
      }
      int busy = s.busy(p);
      gauge("previs.scheduler.gpus", p, "state", "busy", busy);
      gauge("previs.scheduler.gpus", p, "state", "idle", Math.max(0, s.capacity(p) - busy));
      gauge("previs.scheduler.gpus", p, "state", "draining", s.draining(p));
    }
    // a studio whose budget was lifted reads 0, not its last ratio (the 80 % alert must clear)
    values.replaceAll((k, v) -> k.startsWith("budget|") ? 0.0 : v);
    for (Scheduler.BudgetUse u : s.budgetUse(java.time.Instant.now())) {
      String key = "budget|" + u.studio() + '|' + u.period();
      if (values.put(key, u.used() / u.budget()) == null) {
        Gauge.builder("previs.studio.budget.used.ratio", values, m -> m.getOrDefault(key, 0.0))
            .tag("studio", u.studio())
            .tag("period", u.period())
            .description("GPU-seconds used this period over the studio's budget")
            .register(registry);
      }
    }
  }

  private void gauge(String name, String pool, String tag, String value, double v) {
    String key = name + '|' + pool + '|' + value;
    if (values.put(key, v) == null) {
      Gauge.builder(name, values, m -> m.getOrDefault(key, 0.0))
          .tag("pool", pool)
          .tag(tag, value)
          .register(registry);
    }
  }

  void waited(Priority priority, Duration wait) {
    Timer.builder("previs.scheduler.queue.wait")
        .tag("priority", priority.wire())
        .publishPercentileHistogram()
        // the default buckets end at 30 s; a low-priority shard may wait hours
        .maximumExpectedValue(Duration.ofHours(12))
        .register(registry)
        .record(wait.isNegative() ? Duration.ZERO : wait);
  }

  void decided(Decision d) {
    String kind =
        switch (d) {
          case Decision.Dispatch x -> "dispatch";
          case Decision.Stop x -> "stop." + x.why().wire();
          case Decision.JobCancelled x -> "cancelled";
          case Decision.BudgetAlert x -> "budget";
          case Decision.ShardFailed x -> "failed";
        };
    registry.counter("previs.scheduler.decisions", "kind", kind).increment();
  }

  /** An outcome report from a worker that no longer holds the shard (a zombie's): ignored. */
  void staleReport() {
    registry.counter("previs.scheduler.stale.reports").increment();
  }

  void deadLettered(String deadLetterTopic) {
    registry.counter("previs.scheduler.decisions", "kind", "dead_lettered").increment();
    io.previs.servicekit.kafka.ListenerFactories.count(registry, deadLetterTopic);
  }
}
