package io.previs.scheduler;

import io.previs.contracts.job.Priority;
import io.previs.scheduler.policy.PolicySettings;
import io.previs.scheduler.policy.Quota;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The scheduler's settings.
 *
 * @param applicationId the Kafka Streams application id: its consumer group, transactional ids and
 *     state topic names; every replica of one scheduler shares it
 * @param stateDir where this replica keeps its local copy of the state (rebuilt from Kafka when
 *     missing)
 * @param standbyReplicas warm copies of the state kept by other replicas, for a fast fail-over
 * @param tick how often the scheduler looks at the clock (budgets turning over, workers lost)
 * @param etaInterval how often queued jobs get a fresh position and ETA (only changed ones)
 * @param backlogInterval how often the per-pool backlog record and gauges are published
 * @param preempting priority classes whose waiting shards may preempt lower classes ("urgent")
 * @param maxPreemptions times one shard may be preempted
 * @param budgetWarning fraction of a budget at which budget.warning goes out
 * @param defaultSecondsPerUnit GPU-seconds per step × frame × megapixel at speed 1.0 before a model
 *     has been measured
 * @param workerTimeout a worker silent for this long is gone and its shard is queued again from its
 *     last checkpoint (keep it a few heartbeats long)
 * @param maxAttempts attempts a shard may spend (lost workers, retryable failures) before its job
 *     fails
 * @param pools GPU pools known before any of their workers runs (name, GPU memory, speed), so a
 *     pool scaled to zero has a backlog record the autoscaler can wake it from; pools that are not
 *     listed are learnt from their workers' heartbeats
 * @param defaultWeight, defaultMaxGpus, defaultMaxQueuedJobs, defaultDailyGpuSeconds,
 *     defaultMonthlyGpuSeconds the quota of a studio ops have not set one for (0: no limit)
 */
@ConfigurationProperties("previs.scheduler")
public record SchedulerProperties(
    @DefaultValue("previs-scheduler") String applicationId,
    Path stateDir,
    @DefaultValue("0") int standbyReplicas,
    @DefaultValue("1s") Duration tick,
    @DefaultValue("5s") Duration etaInterval,
    @DefaultValue("5s") Duration backlogInterval,
    @DefaultValue("urgent") List<String> preempting,
    @DefaultValue("2") int maxPreemptions,
    @DefaultValue("0.8") double budgetWarning,
    @DefaultValue("0.05") double defaultSecondsPerUnit,
    @DefaultValue("20s") Duration workerTimeout,
    @DefaultValue("1") double defaultWeight,
    @DefaultValue("0") int defaultMaxGpus,
    @DefaultValue("0") int defaultMaxQueuedJobs,
    @DefaultValue("0") double defaultDailyGpuSeconds,
    @DefaultValue("0") double defaultMonthlyGpuSeconds,
    @DefaultValue("3") int maxAttempts,
    List<Pool> pools) {

  /** A GPU pool as ops declare it. */
  public record Pool(
      String name, @DefaultValue("80") int gpuMemoryGb, @DefaultValue("1.0") double speed) {
    public io.previs.scheduler.policy.PoolSpec spec() {
      io.previs.contracts.topics.Topics.shardsQueued(name); // the same name rules as the queue's
      return new io.previs.scheduler.policy.PoolSpec(name, gpuMemoryGb, speed);
    }
  }

  public SchedulerProperties {
    pools = pools == null ? List.of() : List.copyOf(pools);
    for (int i = 0; i < pools.size(); i++) {
      try {
        pools.get(i).spec();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "previs.scheduler.pools[" + i + "]: " + e.getMessage(), e);
      }
    }
    if (stateDir == null) {
      stateDir =
          Path.of(System.getProperty("java.io.tmpdir"), "previs", "scheduler-" + applicationId);
    }
    if (standbyReplicas < 0 || standbyReplicas > 3) {
      throw new IllegalArgumentException(
          "previs.scheduler.standby-replicas must be 0 to 3: " + standbyReplicas);
    }
    for (Duration d : List.of(tick, etaInterval, backlogInterval)) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(
            "previs.scheduler.tick, eta-interval and backlog-interval must be positive");
      }
    }
  }

  public PolicySettings policy() {
    Set<Priority> classes = EnumSet.noneOf(Priority.class);
    for (String p : preempting) {
      if (p == null || p.isBlank()) {
        continue; // "" in a chart: no preemption
      }
      Priority parsed = Priority.parse(p);
      if (parsed == null) {
        throw new IllegalArgumentException(
            "previs.scheduler.preempting: '"
                + p
                + "' is not a priority (urgent, high, normal, low)");
      }
      classes.add(parsed);
    }
    return new PolicySettings(
        classes,
        maxPreemptions,
        budgetWarning,
        defaultSecondsPerUnit,
        workerTimeout,
        new Quota(
            defaultWeight,
            defaultMaxGpus,
            defaultMaxQueuedJobs,
            defaultDailyGpuSeconds,
            defaultMonthlyGpuSeconds),
        maxAttempts);
  }
}
