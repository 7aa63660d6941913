package io.previs.scheduler.policy;

import io.previs.contracts.job.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A test farm around the real policy: workers that start what the scheduler dispatches and finish
 * it when simulated time says so. Seconds of work are given directly as work units, with the
 * default rate of 1 GPU-second per unit on a speed-1 pool.
 */
final class Farm {

  static final PolicySettings SETTINGS =
      new PolicySettings(
          java.util.Set.of(Priority.URGENT), 2, 0.8, 1.0, Duration.ofHours(1), Quota.UNLIMITED, 3);

  final Scheduler scheduler;
  Instant now = Instant.parse("2026-12-02T10:00:00Z");
  final List<Decision> decisions = new ArrayList<>();

  /** Running shard → its worker and when it ends. */
  final Map<String, Running> running = new HashMap<>();

  private final Map<String, List<String>> idle = new HashMap<>();
  private final Map<String, PoolSpec> poolOf = new HashMap<>();
  final Map<String, Double> workOf = new HashMap<>();
  final Map<String, Double> gpuSeconds = new HashMap<>();
  private final Map<String, Double> billed = new HashMap<>();
  private final List<String> order = new ArrayList<>();
  private int workers;

  record Running(String worker, String pool, String jobId, Instant start, Instant end) {}

  Farm() {
    this(SETTINGS);
  }

  Farm(PolicySettings settings) {
    scheduler = new Scheduler(settings);
  }

  Farm pool(String name, int memoryGb, double speed, int gpus) {
    PoolSpec spec = new PoolSpec(name, memoryGb, speed);
    for (int i = 0; i < gpus; i++) {
      String w = name + "-w" + workers++;
      poolOf.put(w, spec);
      idle.computeIfAbsent(name, k -> new ArrayList<>()).add(w);
      scheduler.worker(w, spec, false, now);
    }
    return this;
  }

  /** Queues a job of n shards of the given seconds of work each; returns the shard ids. */
  List<String> job(String studio, String job, Priority p, int n, double seconds) {
    return job(studio, job, p, n, seconds, 0);
  }

  List<String> job(String studio, String job, Priority p, int n, double seconds, int memoryGb) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = job + "-s" + i;
      scheduler.submit(new Demand(id, job, studio, "m", seconds, memoryGb), p, now);
      workOf.put(id, seconds);
      ids.add(id);
    }
    return ids;
  }

  /** Lets the scheduler decide and starts every dispatched shard on an idle worker of its pool. */
  List<Decision> decide() {
    List<Decision> out = scheduler.decide(now);
    decisions.addAll(out);
    for (Decision d : out) {
      if (d instanceof Decision.Dispatch x) {
        String w = idle.get(x.pool()).remove(0);
        double secs = workOf.get(x.shardId()) / poolOf.get(w).speed();
        running.put(
            x.shardId(),
            new Running(w, x.pool(), x.jobId(), now, now.plusMillis((long) (secs * 1000))));
        order.add(x.shardId());
        scheduler.started(x.shardId(), x.jobId(), w, x.pool(), now);
      }
    }
    return out;
  }

  /** Runs simulated time forward to the given instant, finishing shards as they end. */
  void runUntil(Instant until) {
    while (true) {
      decide();
      Map.Entry<String, Running> next =
          running.entrySet().stream()
              .min(Map.Entry.comparingByValue(java.util.Comparator.comparing(Running::end)))
              .orElse(null);
      if (next == null || next.getValue().end().isAfter(until)) {
        now = until;
        decide();
        return;
      }
      now = next.getValue().end();
      finish(next.getKey());
    }
  }

  void finish(String shardId) {
    Running r = running.remove(shardId);
    double secs = (r.end().toEpochMilli() - r.start().toEpochMilli()) / 1e3;
    gpuSeconds.merge(studioOf(shardId), secs, Double::sum);
    idle.get(r.pool()).add(r.worker());
    scheduler.finished(shardId, billed.merge(shardId, secs, Double::sum), now);
  }

  /** The worker stops the shard at a step boundary; billed for the time it ran. */
  void release(String shardId) {
    Running r = running.remove(shardId);
    double secs = (now.toEpochMilli() - r.start().toEpochMilli()) / 1e3;
    idle.get(r.pool()).add(r.worker());
    workOf.merge(shardId, -secs * poolOf.get(r.worker()).speed(), Double::sum);
    gpuSeconds.merge(studioOf(shardId), secs, Double::sum);
    scheduler.released(shardId, billed.merge(shardId, secs, Double::sum), now);
  }

  /** GPU-seconds per studio so far, counting the part of running shards already done. */
  Map<String, Double> usedSoFar() {
    Map<String, Double> out = new HashMap<>(gpuSeconds);
    running.forEach(
        (id, r) ->
            out.merge(
                studioOf(id), (now.toEpochMilli() - r.start().toEpochMilli()) / 1e3, Double::sum));
    return out;
  }

  String studioOf(String shardId) {
    return shardId.substring(0, shardId.indexOf('.'));
  }

  List<String> order() {
    return order;
  }

  <T extends Decision> List<T> decisions(Class<T> type) {
    return decisions.stream().filter(type::isInstance).map(type::cast).toList();
  }

  void advance(Duration d) {
    now = now.plus(d);
  }
}
