package io.previs.bench;

import io.previs.contracts.job.Priority;
import io.previs.scheduler.policy.Decision;
import io.previs.scheduler.policy.Demand;
import io.previs.scheduler.policy.PolicySettings;
import io.previs.scheduler.policy.PoolSpec;
import io.previs.scheduler.policy.Quota;
import io.previs.scheduler.policy.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

/**
 * The scheduler's own policy ({@link Scheduler}, the class the service runs) in a discrete-event
 * simulation of a GPU pool: a mixed trace of four studios, all four classes, clips of 2 to 30 s, in
 * bursts, at 8, 64 and 1,000 GPUs. Prints makespan against its lower bound, queue wait per class,
 * the fairness error between two equal-weight studios flooding one class, urgent start latency with
 * and without preemption, and the cost of one decision and the memory per queued shard at up to
 * 100,000 queued shards. Usage: {@code bench/run.sh scheduler [seed]}.
 */
public final class SchedulerBench {

  /** GPU-seconds per second of clip on the reference GPU (a 5 s clip is a 150 GPU-s shard). */
  static final double COST_PER_CLIP_SECOND = 30;

  static final int STEPS = 40;
  static final double HANDOFF_SECONDS = 1.0;

  private static final Instant T0 = Instant.parse("2026-12-02T00:00:00Z");

  record Shard(String id, String job, String studio, Priority priority, double work, double at) {}

  record Result(
      double makespan,
      double lowerBound,
      Map<Priority, double[]> waits,
      double fairnessError,
      double urgentP50,
      double urgentMax,
      int preemptions) {}

  public static void main(String[] args) {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : 20261202L;
    System.out.println("Scheduler policy in a discrete-event simulation (seed " + seed + ")");
    System.out.println();
    System.out.printf(
        "%6s %8s %10s %10s %7s %-44s %9s %-22s %-22s%n",
        "GPUs",
        "shards",
        "makespan",
        "bound",
        "ratio",
        "queue wait p50/p95 s (urgent high normal low)",
        "fair err",
        "urgent start p50/max",
        "(no preemption)");
    for (int gpus : new int[] {8, 64, 1000}) {
      List<Shard> trace = trace(gpus, new Random(seed));
      Result with = simulate(trace, gpus, true);
      Result without = simulate(trace, gpus, false);
      StringBuilder w = new StringBuilder();
      for (Priority p :
          new Priority[] {Priority.URGENT, Priority.HIGH, Priority.NORMAL, Priority.LOW}) {
        double[] q = with.waits().get(p);
        w.append(String.format("%.0f/%.0f ", q[0], q[1]));
      }
      System.out.printf(
          "%6d %8d %10.0f %10.0f %7.3f %-44s %8.2f%% %-22s %-22s%n",
          gpus,
          trace.size(),
          with.makespan(),
          with.lowerBound(),
          with.makespan() / with.lowerBound(),
          w.toString().trim(),
          100 * with.fairnessError(),
          String.format(
              "%.1f/%.1f s (%d pre.)", with.urgentP50(), with.urgentMax(), with.preemptions()),
          String.format("%.1f/%.1f s", without.urgentP50(), without.urgentMax()));
    }
    System.out.println();
    decisionCost();
  }

  /**
   * Four studios: a and b flood normal with equal weights from the start (the fairness pair), c
   * sends bursts of high and low, d sends urgent one-shard jobs every so often. Work sized so the
   * pool is contended for about two hours.
   */
  static List<Shard> trace(int gpus, Random rnd) {
    List<Shard> out = new ArrayList<>();
    double horizon = 7200;
    double target = gpus * horizon;
    double total = 0;
    int job = 0;
    // a and b: equal floods of normal work at t=0, each a quarter of the pool's two hours
    for (String studio : List.of("a", "b")) {
      double sum = 0;
      while (sum < target / 4) {
        int shards = 1 + rnd.nextInt(16);
        String id = studio + "-j" + job++;
        for (int i = 0; i < shards; i++) {
          double w = clip(rnd) * COST_PER_CLIP_SECOND;
          out.add(new Shard(id + "-s" + i, id, studio, Priority.NORMAL, w, rnd.nextDouble() * 60));
          sum += w;
        }
      }
      total += sum;
    }
    // c: bursts of high and low through the first hour
    while (total < target * 0.95) {
      double burst = rnd.nextDouble() * 3600;
      Priority p = rnd.nextBoolean() ? Priority.HIGH : Priority.LOW;
      int jobs = 1 + rnd.nextInt(4);
      for (int j = 0; j < jobs; j++) {
        String id = "c-j" + job++;
        int shards = 1 + rnd.nextInt(16);
        for (int i = 0; i < shards; i++) {
          double w = clip(rnd) * COST_PER_CLIP_SECOND;
          out.add(new Shard(id + "-s" + i, id, "c", p, w, burst + rnd.nextDouble() * 30));
          total += w;
        }
      }
    }
    // d: an urgent one-shard review job every ~5 minutes of the first 90
    for (double t = 300; t < 5400; t += 200 + rnd.nextDouble() * 200) {
      String id = "d-j" + job++;
      out.add(new Shard(id + "-s0", id, "d", Priority.URGENT, clip(rnd) * COST_PER_CLIP_SECOND, t));
    }
    out.sort((x, y) -> Double.compare(x.at(), y.at()));
    return out;
  }

  /** Clip length in seconds: mostly short previs shots, some long takes (2 to 30 s). */
  static double clip(Random rnd) {
    double u = rnd.nextDouble();
    return u < 0.7 ? 2 + rnd.nextDouble() * 6 : 8 + rnd.nextDouble() * 22;
  }

  static Result simulate(List<Shard> trace, int gpus, boolean preemption) {
    PolicySettings settings =
        new PolicySettings(
            preemption ? EnumSet.of(Priority.URGENT) : Set.of(),
            2,
            0.8,
            1.0,
            Duration.ofDays(365),
            Quota.UNLIMITED,
            3);
    Scheduler s = new Scheduler(settings);
    PoolSpec pool = new PoolSpec("h100", 80, 1.0);
    ArrayDeque<String> idle = new ArrayDeque<>();
    for (int i = 0; i < gpus; i++) {
      idle.add("w" + i);
      s.worker("w" + i, pool, false, T0);
    }
    Map<String, Shard> byId = new HashMap<>();
    trace.forEach(x -> byId.put(x.id(), x));
    Map<String, Double> remaining = new HashMap<>();
    Map<String, Double> billed = new HashMap<>();
    Map<String, Double> startedAt = new HashMap<>();
    Map<String, String> workerOf = new HashMap<>();
    Map<String, Long> generation = new HashMap<>();
    Map<Priority, List<Double>> waits = new EnumMap<>(Priority.class);
    List<Double> urgentStart = new ArrayList<>();
    Map<String, Double> firstWaitDone = new HashMap<>();
    double[] ab = new double[2]; // GPU-seconds of a and b while both have work queued
    int preemptions = 0;
    // events: [time, kind (0 arrival, 1 finish, 2 release), index or generation]
    PriorityQueue<Object[]> events =
        new PriorityQueue<>((x, y) -> Double.compare((double) x[0], (double) y[0]));
    for (int i = 0; i < trace.size(); i++) {
      events.add(new Object[] {trace.get(i).at(), 0, trace.get(i).id(), 0L});
    }
    double now = 0;
    double abUntil = Double.MAX_VALUE;
    int[] unstarted = new int[2]; // a's and b's shards not yet started
    for (Shard x : trace) {
      if (x.studio().equals("a")) {
        unstarted[0]++;
      } else if (x.studio().equals("b")) {
        unstarted[1]++;
      }
    }
    int done = 0;
    while (!events.isEmpty()) {
      Object[] e = events.poll();
      now = (double) e[0];
      Instant t = at(now);
      String id = (String) e[2];
      Shard x = byId.get(id);
      int kind = (int) e[1];
      if (kind == 0) {
        remaining.put(id, x.work());
        s.submit(new Demand(id, x.job(), x.studio(), "m", x.work(), 0), x.priority(), t);
      } else {
        if ((long) e[3] != generation.getOrDefault(id, 0L)) {
          continue; // a finish scheduled before the shard was preempted
        }
        double ran = now - startedAt.get(id);
        double b = billed.merge(id, ran, Double::sum);
        credit(ab, x, ran, now, startedAt.get(id), abUntil);
        idle.add(workerOf.remove(id));
        if (kind == 1) {
          s.finished(id, b, t);
          done++;
        } else {
          remaining.merge(id, -ran, Double::sum);
          s.released(id, b, t);
        }
      }
      if (!events.isEmpty() && (double) events.peek()[0] == now) {
        continue; // decide once all events of this instant are in
      }
      for (Decision d : s.decide(t)) {
        if (d instanceof Decision.Dispatch dispatch) {
          String w = idle.poll();
          String sid = dispatch.shardId();
          Shard sh = byId.get(sid);
          workerOf.put(sid, w);
          startedAt.put(sid, now);
          s.started(sid, sh.job(), w, pool.name(), t);
          long g = generation.merge(sid, 1L, Long::sum);
          events.add(new Object[] {now + remaining.get(sid), 1, sid, g});
          if (!firstWaitDone.containsKey(sid)) {
            firstWaitDone.put(sid, now);
            waits.computeIfAbsent(sh.priority(), k -> new ArrayList<>()).add(now - sh.at());
            if (sh.priority() == Priority.URGENT) {
              urgentStart.add(now - sh.at());
            }
            if (sh.studio().equals("a")) {
              unstarted[0]--;
            } else if (sh.studio().equals("b")) {
              unstarted[1]--;
            }
          }
        } else if (d instanceof Decision.Stop stop) {
          // The worker stops at its next step boundary, then hands the GPU over.
          String sid = stop.shardId();
          double step = byId.get(sid).work() / STEPS;
          long g = generation.merge(sid, 1L, Long::sum);
          events.add(new Object[] {now + step + HANDOFF_SECONDS, 2, sid, g});
          preemptions++;
        }
      }
      if (abUntil == Double.MAX_VALUE && (unstarted[0] == 0 || unstarted[1] == 0)) {
        abUntil = now; // the fairness window ends when a or b has no queued shard left
      }
    }
    double total = trace.stream().mapToDouble(Shard::work).sum();
    Map<Priority, double[]> pct = new EnumMap<>(Priority.class);
    for (Priority p : Priority.values()) {
      List<Double> l = waits.getOrDefault(p, List.of(0.0));
      pct.put(p, new double[] {percentile(l, 0.5), percentile(l, 0.95)});
    }
    return new Result(
        now,
        lowerBound(trace, gpus, total),
        pct,
        Math.abs(ab[0] - ab[1]) / (ab[0] + ab[1]),
        percentile(urgentStart, 0.5),
        percentile(urgentStart, 1.0),
        preemptions);
  }

  /** GPU-seconds a and b received before the fairness window closed. */
  private static void credit(
      double[] ab, Shard x, double ran, double now, double start, double until) {
    if (!x.studio().equals("a") && !x.studio().equals("b")) {
      return;
    }
    double inWindow = Math.max(0, Math.min(now, until) - start);
    ab[x.studio().equals("a") ? 0 : 1] += Math.min(ran, inWindow);
  }

  /** max over arrival times t of t + (work arriving at or after t) / GPUs; ≥ Σ work / GPUs. */
  static double lowerBound(List<Shard> trace, int gpus, double total) {
    double best = total / gpus;
    double after = total;
    for (Shard x : trace) {
      best = Math.max(best, x.at() + after / gpus);
      best = Math.max(best, x.at() + x.work());
      after -= x.work();
    }
    return best;
  }

  static double percentile(List<Double> values, double q) {
    if (values.isEmpty()) {
      return 0;
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(v);
    return v[(int) Math.min(v.length - 1, Math.floor(q * (v.length - 1) + 0.5))];
  }

  private static Instant at(double seconds) {
    return T0.plusNanos((long) (seconds * 1e9));
  }

  /** One decision's cost (a GPU frees, the scheduler picks the next shard) at n queued shards. */
  static void decisionCost() {
    System.out.printf(
        "%10s %14s %14s %16s%n", "queued", "decision (µs)", "ratio to 1k", "bytes per shard");
    double base = 0;
    for (int n : new int[] {-10_000, 1_000, 10_000, 100_000}) {
      boolean warmUp = n < 0; // a first pass for the JIT, not printed
      n = Math.abs(n);
      Runtime rt = Runtime.getRuntime();
      gc();
      long before = rt.totalMemory() - rt.freeMemory();
      Scheduler s = new Scheduler(PolicySettings.DEFAULTS);
      PoolSpec pool = new PoolSpec("h100", 80, 1);
      s.worker("w0", pool, false, T0);
      Random rnd = new Random(7);
      for (int i = 0; i < n; i++) {
        String studio = "studio-" + (i % 8);
        String job = studio + "-j" + (i / 16);
        s.submit(
            new Demand(job + "-s" + i, job, studio, "m", 10 + rnd.nextDouble() * 100, 0),
            Priority.values()[i % 4],
            T0);
      }
      s.takeDirty(); // the service drains it after every input
      gc();
      long after = rt.totalMemory() - rt.freeMemory();
      // warm up, then time decisions: finish the running shard, decide the next
      int rounds = Math.min(20_000, n / 2);
      String running = first(s.decide(T0));
      for (int i = 0; i < Math.min(2_000, n / 4); i++) {
        s.finished(running, 1, T0);
        running = first(s.decide(T0));
      }
      long t = System.nanoTime();
      for (int i = 0; i < rounds; i++) {
        s.finished(running, 1, T0);
        running = first(s.decide(T0));
      }
      double us = (System.nanoTime() - t) / 1e3 / rounds;
      if (warmUp) {
        continue;
      }
      if (base == 0) {
        base = us;
      }
      System.out.printf(
          "%10d %14.2f %14.2f %16.0f%n", n, us, us / base, (after - before) / (double) n);
    }
  }

  private static String first(List<Decision> ds) {
    for (Decision d : ds) {
      if (d instanceof Decision.Dispatch x) {
        return x.shardId();
      }
    }
    throw new IllegalStateException("nothing dispatched");
  }

  private static void gc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
