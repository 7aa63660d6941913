package io.previs.scheduler.policy;

import io.previs.contracts.job.Priority;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * The scheduler's state as records, for a store that survives the process: one record per shard,
 * job and studio, plus the clock. The adapter writes the records that {@link Scheduler#takeDirty()}
 * names after every input, and a new instance is rebuilt from the latest of each; GPUs in use, the
 * backlog index and per-pool busy counts are derived, not stored. Workers are not stored either:
 * they re-announce themselves within a heartbeat.
 */
public final class SchedulerState {

  private SchedulerState() {}

  public record ShardRecord(
      Demand demand,
      long seq,
      Priority priority,
      ShardStatus status,
      String pool,
      String worker,
      Instant startedAt,
      StopReason stopping,
      int preemptions,
      int failures,
      double billed,
      double charged,
      Priority chargedClass) {}

  public record JobRecord(
      String jobId,
      String studio,
      Priority priority,
      boolean prioritySet,
      boolean paused,
      String cancelledBy,
      Instant cancelledAt,
      Instant touched) {}

  public record StudioRecord(
      String studio,
      double[] virtualTime,
      String day,
      double daySeconds,
      String month,
      double monthSeconds,
      int dayAlert,
      int monthAlert) {}

  public record ClockRecord(
      long nextSeq,
      double[] classClock,
      Map<String, Double> secondsPerUnit,
      Map<String, Double> referenceSecondsPerUnit) {}

  /** The record now behind a key from {@link Scheduler#takeDirty()}; null: delete it. */
  public static Object record(Scheduler s, String key) {
    int slash = key.indexOf('/');
    String kind = key.substring(0, slash);
    String id = key.substring(slash + 1);
    return switch (kind) {
      case "shard" -> shard(s.shards.get(id));
      case "job" -> job(s.jobs.get(id));
      case "studio" -> studio(s.studios.get(id));
      default -> throw new IllegalArgumentException("unknown state key " + key);
    };
  }

  public static ClockRecord clock(Scheduler s) {
    return new ClockRecord(s.nextSeq, s.classClock.clone(), s.costs.perPool(), s.costs.reference());
  }

  private static ShardRecord shard(Shard x) {
    return x == null
        ? null
        : new ShardRecord(
            x.demand,
            x.seq,
            x.priority,
            x.status,
            x.pool,
            x.worker,
            x.startedAt,
            x.stopping,
            x.preemptions,
            x.failures,
            x.billed,
            x.charged,
            x.chargedClass);
  }

  private static JobRecord job(Job j) {
    return j == null
        ? null
        : new JobRecord(
            j.jobId,
            j.studio,
            j.priority,
            j.prioritySet,
            j.paused,
            j.cancelledBy,
            j.cancelledAt,
            j.touched);
  }

  private static StudioRecord studio(StudioAccount a) {
    return a == null
        ? null
        : new StudioRecord(
            a.studio,
            a.virtualTime.clone(),
            a.day,
            a.daySeconds,
            a.month,
            a.monthSeconds,
            a.dayAlert,
            a.monthAlert);
  }

  /** A scheduler in the state the records describe. */
  public static Scheduler restore(
      PolicySettings settings,
      ClockRecord clock,
      Collection<StudioRecord> studios,
      Collection<JobRecord> jobs,
      Collection<ShardRecord> shards,
      Map<String, Quota> quotas) {
    Scheduler s = new Scheduler(settings);
    if (clock != null) {
      s.nextSeq = clock.nextSeq();
      System.arraycopy(clock.classClock(), 0, s.classClock, 0, s.classClock.length);
      s.costs.restore(clock.secondsPerUnit(), clock.referenceSecondsPerUnit());
    }
    quotas.forEach((studio, q) -> s.account(studio).quota = q);
    for (StudioRecord r : studios) {
      StudioAccount a = s.account(r.studio());
      System.arraycopy(r.virtualTime(), 0, a.virtualTime, 0, a.virtualTime.length);
      a.day = r.day();
      a.daySeconds = r.daySeconds();
      a.month = r.month();
      a.monthSeconds = r.monthSeconds();
      a.dayAlert = r.dayAlert();
      a.monthAlert = r.monthAlert();
    }
    for (JobRecord r : jobs) {
      Job j = new Job(r.jobId(), r.studio(), r.priority(), r.touched());
      j.prioritySet = r.prioritySet();
      j.paused = r.paused();
      j.cancelledBy = r.cancelledBy();
      j.cancelledAt = r.cancelledAt();
      s.jobs.put(j.jobId, j);
    }
    for (ShardRecord r : shards) {
      Shard x = new Shard(r.demand(), r.seq(), r.priority());
      x.status = r.status();
      x.pool = r.pool();
      x.worker = r.worker();
      x.startedAt = r.startedAt();
      x.stopping = r.stopping();
      x.preemptions = r.preemptions();
      x.failures = r.failures();
      x.billed = r.billed();
      x.charged = r.charged();
      x.chargedClass = r.chargedClass();
      s.nextSeq = Math.max(s.nextSeq, r.seq() + 1);
      s.shards.put(r.demand().shardId(), x);
      s.jobs
          .computeIfAbsent(
              r.demand().jobId(), k -> new Job(k, r.demand().studio(), r.priority(), r.startedAt()))
          .shards
          .put(r.demand().shardId(), x);
      if (x.status == ShardStatus.PENDING) {
        s.backlog.add(x);
      } else if (x.status.holdsGpu()) {
        StudioAccount a = s.account(x.studio());
        s.pools.take(x.pool);
        a.inUse++;
        a.runningByClass[(x.chargedClass != null ? x.chargedClass : x.priority).ordinal()]++;
        s.holding.put(r.demand().shardId(), x);
      } else if (x.status == ShardStatus.FINISHING) {
        // held by its worker and its studio, its GPU already back in the pool
        StudioAccount a = s.account(x.studio());
        a.inUse++;
        a.runningByClass[(x.chargedClass != null ? x.chargedClass : x.priority).ordinal()]++;
        s.holding.put(r.demand().shardId(), x);
      }
    }
    s.dirty.clear();
    return s;
  }
}
