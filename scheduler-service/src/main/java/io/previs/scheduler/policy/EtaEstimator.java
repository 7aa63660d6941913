package io.previs.scheduler.policy;

import io.previs.contracts.job.Priority;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Estimates when each queued job starts and finishes, from the backlog ahead of it under the same
 * rules the scheduler applies, measured seconds per work unit, and the GPUs in the pools.
 *
 * <p>A fluid approximation, cheap enough to run every few seconds over the whole backlog: the pool
 * works through, in order, what is running, every higher class, and in the job's own class the
 * studio's earlier shards plus each other studio's weighted share of the same amount (fair share
 * serves them side by side). The job finishes after its own work and the share other studios get
 * meanwhile, and never sooner than its longest shard after it starts. Work that arrives later in a
 * higher class will delay it; the estimate is refreshed as that happens.
 */
final class EtaEstimator {

  private static final int CLASSES = Priority.values().length;

  private EtaEstimator() {}

  static List<Eta> estimate(Scheduler s, Instant now) {
    int gpus = s.pools.totalCapacity();
    PoolSpec typical = fastest(s);
    // Seconds of each pending shard on the pool it would most likely run on.
    Map<Shard, Double> cost = new HashMap<>();
    double[] classSeconds = new double[CLASSES];
    Map<String, double[]> studioClassSeconds = new HashMap<>();
    for (int cls = 0; cls < CLASSES; cls++) {
      for (String studio : s.backlog.studios(cls)) {
        for (Shard sh : s.backlog.queue(cls, studio)) {
          double c = seconds(s, sh, typical);
          cost.put(sh, c);
          classSeconds[cls] += c;
          studioClassSeconds.computeIfAbsent(studio, k -> new double[CLASSES])[cls] += c;
        }
      }
    }
    double runningLeft = 0;
    Map<String, Integer> runningByJob = new HashMap<>();
    for (Shard r : s.holding.values()) {
      double elapsed =
          r.startedAt == null
              ? 0
              : Math.max(0, (now.toEpochMilli() - r.startedAt.toEpochMilli()) / 1e3);
      runningLeft += Math.max(0, r.charged - elapsed);
      runningByJob.merge(r.demand.jobId(), 1, Integer::sum);
    }
    List<Eta> out = new ArrayList<>();
    for (int cls = CLASSES - 1; cls >= 0; cls--) {
      double higher = 0;
      for (int h = cls + 1; h < CLASSES; h++) {
        higher += classSeconds[h];
      }
      List<Eta> inClass = new ArrayList<>();
      for (String studio : s.backlog.studios(cls)) {
        StudioAccount a = s.account(studio);
        String blocked = a.blockedBy(now);
        double ownAhead = 0;
        Map<String, List<Shard>> byJob = new java.util.LinkedHashMap<>();
        for (Shard sh : s.backlog.queue(cls, studio)) {
          byJob.computeIfAbsent(sh.demand.jobId(), k -> new ArrayList<>()).add(sh);
        }
        for (var e : byJob.entrySet()) {
          double own = 0;
          double longest = 0;
          for (Shard sh : e.getValue()) {
            own += cost.get(sh);
            longest = Math.max(longest, cost.get(sh));
          }
          double othersBefore = 0;
          double othersDuring = 0;
          for (var o : studioClassSeconds.entrySet()) {
            if (o.getKey().equals(studio)) {
              continue;
            }
            double theirs = o.getValue()[cls];
            double ratio = s.account(o.getKey()).quota.weight() / a.quota.weight();
            double before = Math.min(theirs, ownAhead * ratio);
            othersBefore += before;
            othersDuring += Math.min(theirs - before, own * ratio);
          }
          Instant start = null;
          Instant finish = null;
          if (gpus > 0 && blocked == null) {
            double startIn = (runningLeft + higher + ownAhead + othersBefore) / gpus;
            double parallel = Math.min(gpus, e.getValue().size());
            double finishIn =
                Math.max(
                    startIn + Math.max(longest, own / parallel),
                    (runningLeft + higher + ownAhead + othersBefore + own + othersDuring) / gpus);
            start = now.plusMillis((long) (startIn * 1000));
            finish = now.plusMillis((long) (finishIn * 1000));
          }
          inClass.add(
              new Eta(
                  e.getKey(),
                  studio,
                  Priority.values()[cls],
                  0,
                  e.getValue().size(),
                  runningByJob.getOrDefault(e.getKey(), 0),
                  start,
                  finish,
                  blocked != null ? blocked : gpus == 0 ? "no GPU in the pools yet" : null));
          ownAhead += own;
        }
      }
      inClass.sort(
          Comparator.comparing(
              Eta::estimatedStart, Comparator.nullsLast(Comparator.naturalOrder())));
      for (int i = 0; i < inClass.size(); i++) {
        Eta e = inClass.get(i);
        out.add(
            new Eta(
                e.jobId(),
                e.studio(),
                e.priority(),
                i + 1,
                e.queuedShards(),
                e.runningShards(),
                e.estimatedStart(),
                e.estimatedFinish(),
                e.blockedBy()));
      }
    }
    return out;
  }

  private static double seconds(Scheduler s, Shard sh, PoolSpec pool) {
    return s.costs.seconds(sh.demand.modelId(), sh.demand.workUnits(), pool);
  }

  private static PoolSpec fastest(Scheduler s) {
    List<PoolSpec> pools = s.pools.bySpeed();
    return pools.isEmpty() ? new PoolSpec("none", 0, 1) : pools.get(0);
  }
}
