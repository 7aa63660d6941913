package io.previs.bench;

import io.previs.autoscaler.policy.Plan;
import io.previs.autoscaler.policy.PoolLimits;
import io.previs.autoscaler.policy.PoolView;
import io.previs.autoscaler.policy.ScalingPolicy;
import io.previs.autoscaler.policy.StartupClock;
import io.previs.autoscaler.policy.Worker;
import io.previs.autoscaler.policy.WorkerState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * The autoscaler's own policy ({@link ScalingPolicy}, the class the service runs) against a
 * KEDA-style Kafka lag policy, on one mixed trace of bursts and idle periods, in a one-second
 * discrete-time simulation of one GPU pool: workers take a start-up (pod, image, model load) before
 * their first shard, shards of 30 s to 15 min of GPU time wait in FIFO order for a free worker.
 *
 * <p>The lag policy is KEDA's Kafka scaler under its HPA defaults: every 30 s, replicas = ceil(lag
 * / 10) capped by the topic's partitions, scale-up at once, scale-down to the highest figure of the
 * last 300 s (the HPA's stabilization window), to zero 300 s after the lag was last non-zero
 * (cooldownPeriod); the ReplicaSet removes the newest pods, busy or not (a busy one hands its shard
 * back at a step boundary, paying a model load again elsewhere). Lag counts the shards not yet
 * finished (pending and in flight: a shard is committed when it ends).
 *
 * <p>Prints reaction time (the first shard of a burst on an empty pool to the first scale-up), idle
 * GPU-seconds (GPUs held while starting or idle), p95 queue wait, makespan, busy workers killed and
 * GPU-hours. Usage: {@code bench/run.sh autoscaler [seed]}.
 */
public final class AutoscalerBench {

  static final int MAX = 16;
  static final double RESUME_OVERHEAD = 30; // a handed-back shard's model load on its next worker
  private static final Instant T0 = Instant.parse("2026-12-02T00:00:00Z");

  record Shard(int id, double arrival, double work) {}

  /** A simulated worker pod. */
  static final class Pod {
    final String name;
    final double created;
    final double ready;
    Shard shard;
    double shardEnd;
    double idleSince;
    boolean draining;
    double drainSince;

    Pod(String name, double created, double startup) {
      this.name = name;
      this.created = created;
      this.ready = created + startup;
      this.idleSince = ready;
    }
  }

  record Result(
      String policy,
      double[] reactions,
      double idleGpuSeconds,
      double startingGpuSeconds,
      double p95Wait,
      double makespan,
      int busyKills,
      double gpuHours) {}

  interface Scaler {
    /** The replica count to run at time t (called every second), removing the pods it names. */
    int decide(double t, Pool pool);
  }

  /** The pool the policies size: pods, the queue, the clock. */
  static final class Pool {
    final List<Pod> pods = new ArrayList<>();
    final Deque<Shard> pending = new ArrayDeque<>();
    final Random rnd;
    int next;
    int busyKills;
    double idle;
    final double[] idleByPhase = new double[4];
    int started;
    double starting;
    double held;
    final List<Double> waits = new ArrayList<>();
    double lastEnd;

    Pool(Random rnd) {
      this.rnd = rnd;
    }

    /** Start-up: 90 to 150 s (a node with the model cached, or one that downloads it). */
    double startup() {
      return 90 + rnd.nextDouble() * 60;
    }

    Pod add(double t) {
      started++;
      Pod p = new Pod("w" + next++, t, startup());
      pods.add(p);
      return p;
    }

    int busy() {
      return (int) pods.stream().filter(p -> p.shard != null).count();
    }

    void kill(Pod p, double t) {
      if (p.shard != null) {
        busyKills++;
        double left = p.shardEnd - t;
        pending.addFirst(new Shard(p.shard.id(), p.shard.arrival(), left + RESUME_OVERHEAD));
      }
      pods.remove(p);
    }
  }

  public static void main(String[] args) {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : 20261202L;
    List<Shard> trace = trace(new Random(seed));
    double work = trace.stream().mapToDouble(Shard::work).sum();
    System.out.printf(
        "Autoscaling one GPU pool (max %d) on one trace: %d shards, %.1f GPU-hours of work, bursts"
            + " and idle periods over %.1f h (seed %d)%n%n",
        MAX, trace.size(), work / 3600, trace.get(trace.size() - 1).arrival() / 3600, seed);
    List<Result> results =
        List.of(
            simulate(
                "previs, clear within 10 min",
                trace,
                new PrevisScaler(Duration.ofMinutes(10)),
                seed),
            simulate(
                "previs, clear within 30 min",
                trace,
                new PrevisScaler(Duration.ofMinutes(30)),
                seed),
            simulate("keda lag/10, 16 partitions", trace, new LagScaler(16), seed),
            simulate("keda lag/10, 3 partitions", trace, new LagScaler(3), seed));
    System.out.printf(
        "%-28s %16s %12s %14s %12s %12s %10s %10s%n",
        "policy",
        "reaction s",
        "idle GPU-h",
        "(starting)",
        "p95 wait s",
        "makespan h",
        "busy kills",
        "GPU-hours");
    for (Result r : results) {
      System.out.printf(
          "%-28s %7.1f / %6.1f %12.2f %14.2f %12.0f %12.2f %10d %10.2f%n",
          r.policy(),
          Arrays.stream(r.reactions()).average().orElse(0),
          Arrays.stream(r.reactions()).max().orElse(0),
          r.idleGpuSeconds() / 3600,
          r.startingGpuSeconds() / 3600,
          r.p95Wait(),
          r.makespan() / 3600,
          r.busyKills(),
          r.gpuHours());
    }
    Result keda = results.get(2);
    System.out.println();
    for (Result r : results.subList(0, 2)) {
      System.out.printf(
          "%s vs keda(16): idle GPU-s %.2f×, p95 wait %.2f×, makespan %.3f×, reaction %.0f s vs"
              + " %.0f s (max over %d wake-ups), busy kills %d vs %d%n",
          r.policy(),
          r.idleGpuSeconds() / keda.idleGpuSeconds(),
          r.p95Wait() / keda.p95Wait(),
          r.makespan() / keda.makespan(),
          Arrays.stream(r.reactions()).max().orElse(0),
          Arrays.stream(keda.reactions()).max().orElse(0),
          r.reactions().length,
          r.busyKills(),
          keda.busyKills());
    }
  }

  /**
   * A day's mix on one pool, in bursts with idle gaps long enough for both policies to reach zero
   * in between: dailies of hundreds of 5 s 480p variants (5 to 20 GPU-s each: "one 30 s 720p shard
   * is worth hundreds of 5 s 480p ones"), eight 30 s 720p hero shots (10 to 15 min each), a trickle
   * of mid-size shards, and a mixed burst with a director's dozen variants of one shot.
   */
  static List<Shard> trace(Random rnd) {
    List<Shard> out = new ArrayList<>();
    double t = 0;
    // 1: dailies, 400 short shards within 2 minutes
    for (int i = 0; i < 400; i++) {
      out.add(new Shard(0, t + rnd.nextDouble() * 120, 5 + rnd.nextDouble() * 15));
    }
    t += 3600;
    // 2: eight hero shots
    for (int i = 0; i < 8; i++) {
      out.add(new Shard(0, t + rnd.nextDouble() * 30, 600 + rnd.nextDouble() * 300));
    }
    t += 3000;
    // 3: a trickle, one 1-3 min shard every 2-6 minutes for an hour
    for (double s = t; s < t + 3600; s += 120 + rnd.nextDouble() * 240) {
      out.add(new Shard(0, s, 60 + rnd.nextDouble() * 120));
    }
    t += 3600 + 1800;
    // 4: a mixed burst: 200 short, 6 hero shots, then a director's 12 variants of one shot
    for (int i = 0; i < 200; i++) {
      out.add(new Shard(0, t + rnd.nextDouble() * 60, 5 + rnd.nextDouble() * 15));
    }
    for (int i = 0; i < 6; i++) {
      out.add(new Shard(0, t + rnd.nextDouble() * 60, 600 + rnd.nextDouble() * 300));
    }
    for (int i = 0; i < 12; i++) {
      out.add(new Shard(0, t + 600, 240));
    }
    out.sort((a, b) -> Double.compare(a.arrival(), b.arrival()));
    List<Shard> numbered = new ArrayList<>();
    for (int i = 0; i < out.size(); i++) {
      numbered.add(new Shard(i, out.get(i).arrival(), out.get(i).work()));
    }
    return numbered;
  }

  static Result simulate(String name, List<Shard> trace, Scaler scaler, long seed) {
    Pool pool = new Pool(new Random(seed ^ 0x5eed));
    Iterator<Shard> arrivals = trace.iterator();
    Shard nextArrival = arrivals.next();
    double end = trace.get(trace.size() - 1).arrival() + 6 * 3600;
    List<Double> reactions = new ArrayList<>();
    Double waitingSince = null; // a burst's first shard on an empty pool, until a scale-up
    int finished = 0;
    for (double t = 0; t < end && finished < trace.size(); t += 1) {
      while (nextArrival != null && nextArrival.arrival() <= t) {
        pool.pending.add(nextArrival);
        nextArrival = arrivals.hasNext() ? arrivals.next() : null;
      }
      for (Pod p : pool.pods) {
        if (p.shard != null && p.shardEnd <= t) {
          p.shard = null;
          p.idleSince = t;
          pool.lastEnd = t;
          finished++;
        }
      }
      for (Pod p : pool.pods) {
        if (p.shard == null && !p.draining && p.ready <= t && !pool.pending.isEmpty()) {
          Shard s = pool.pending.poll();
          if (!pool.waits.isEmpty() || s.id() >= 0) {
            pool.waits.add(t - s.arrival());
          }
          p.shard = s;
          p.shardEnd = t + s.work();
        }
      }
      if (pool.pods.isEmpty() && !pool.pending.isEmpty() && waitingSince == null) {
        waitingSince = pool.pending.peek().arrival();
      }
      int before = pool.pods.size();
      int replicas = scaler.decide(t, pool);
      while (pool.pods.size() < replicas) {
        pool.add(t);
      }
      if (waitingSince != null && pool.pods.size() > 0 && before == 0) {
        reactions.add(t - waitingSince);
        waitingSince = null;
      }
      for (Pod p : pool.pods) {
        pool.held += 1;
        if (p.shard == null) {
          pool.idle += 1;
          pool.idleByPhase[t < 3600 ? 0 : t < 6600 ? 1 : t < 12000 ? 2 : 3] += 1;
          if (p.ready > t) {
            pool.starting += 1;
          }
        }
      }
    }
    // waits were recorded per start; a handed-back shard's second start counts again, as it waits
    if (System.getenv("BENCH_DEBUG") != null) {
      System.out.printf(
          "%s: pods started %d, idle GPU-h by phase %s%n",
          name,
          pool.started,
          Arrays.toString(
              Arrays.stream(pool.idleByPhase).map(x -> Math.round(x / 36) / 100.0).toArray()));
    }
    double[] w = pool.waits.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double p95 = w.length == 0 ? 0 : w[(int) Math.ceil(0.95 * w.length) - 1];
    return new Result(
        name,
        reactions.stream().mapToDouble(Double::doubleValue).toArray(),
        pool.idle,
        pool.starting,
        p95,
        pool.lastEnd - trace.get(0).arrival(),
        pool.busyKills,
        pool.held / 3600);
  }

  /** The Previs autoscaler's policy, looking every second, acting on what it decides. */
  static final class PrevisScaler implements Scaler {
    final ScalingPolicy policy;

    PrevisScaler(Duration target) {
      policy =
          new ScalingPolicy(
              new PoolLimits(
                  0,
                  MAX,
                  target,
                  Duration.ofMinutes(1),
                  Duration.ofMinutes(5),
                  Duration.ofMinutes(5),
                  Duration.ofMinutes(3),
                  0.2));
    }

    final StartupClock startup = new StartupClock(180);
    final java.util.Set<String> measured = new java.util.HashSet<>();
    int replicas;

    @Override
    public int decide(double t, Pool pool) {
      List<Worker> workers = new ArrayList<>();
      for (Pod p : pool.pods) {
        Instant created = at(p.created);
        if (p.ready > t) {
          workers.add(new Worker(p.name, WorkerState.STARTING, created, created));
          continue;
        }
        if (measured.add(p.name)) {
          startup.observe(p.ready - p.created);
        }
        if (p.draining) {
          WorkerState s = p.shard == null ? WorkerState.DRAINED : WorkerState.DRAINING;
          workers.add(new Worker(p.name, s, created, at(p.drainSince)));
        } else if (p.shard != null) {
          workers.add(new Worker(p.name, WorkerState.BUSY, created, at(t)));
        } else {
          workers.add(new Worker(p.name, WorkerState.IDLE, created, at(p.idleSince)));
        }
      }
      double backlog = pool.pending.stream().mapToDouble(Shard::work).sum();
      Plan plan =
          policy.decide(
              new PoolView(
                  "sim",
                  at(t),
                  backlog,
                  pool.pending.size(),
                  pool.busy(),
                  Math.max(replicas, pool.pods.size()),
                  workers,
                  startup.seconds(),
                  true));
      for (String w : plan.drain()) {
        find(pool, w).draining = true;
        find(pool, w).drainSince = t;
      }
      for (String w : plan.resume()) {
        find(pool, w).draining = false;
      }
      for (String w : plan.remove()) {
        pool.kill(find(pool, w), t); // drained: holds nothing, so this is never a busy kill
      }
      replicas = plan.replicas();
      return replicas;
    }

    private static Pod find(Pool pool, String name) {
      return pool.pods.stream().filter(p -> p.name.equals(name)).findFirst().orElseThrow();
    }
  }

  /** KEDA's Kafka scaler with HPA defaults, on message counts. */
  static final class LagScaler implements Scaler {
    final int partitions;
    final Deque<double[]> recent = new ArrayDeque<>(); // (time, desired) within the window
    double lastLag = -1e9;
    int replicas;

    LagScaler(int partitions) {
      this.partitions = partitions;
    }

    @Override
    public int decide(double t, Pool pool) {
      if (t % 30 != 0) {
        return replicas;
      }
      int lag = pool.pending.size() + pool.busy();
      if (lag > 0) {
        lastLag = t;
      }
      int desired = Math.min(Math.min(partitions, MAX), (int) Math.ceil(lag / 10.0));
      if (lag == 0 && t - lastLag < 300) {
        desired = Math.max(desired, 1); // minReplicaCount 0 only after the cooldown
      }
      recent.addLast(new double[] {t, desired});
      while (recent.peekFirst()[0] < t - 300) {
        recent.pollFirst();
      }
      int stabilized = desired;
      for (double[] r : recent) {
        stabilized = Math.max(stabilized, (int) r[1]);
      }
      int target = desired > replicas ? desired : Math.min(replicas, stabilized);
      if (lag == 0 && t - lastLag >= 300) {
        target = 0;
      }
      while (pool.pods.size() > target) {
        // the ReplicaSet's choice among equally ready pods: the newest
        Pod newest = pool.pods.get(pool.pods.size() - 1);
        pool.kill(newest, t);
      }
      replicas = target;
      return replicas;
    }
  }

  private static Instant at(double t) {
    return T0.plusMillis((long) (t * 1000));
  }
}
