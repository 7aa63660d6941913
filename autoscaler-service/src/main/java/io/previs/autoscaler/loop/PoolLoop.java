package io.previs.autoscaler.loop;

import io.previs.autoscaler.AutoscalerProperties;
import io.previs.autoscaler.farm.FarmView;
import io.previs.autoscaler.farm.WorkerSeen;
import io.previs.autoscaler.kube.PoolDeployment;
import io.previs.autoscaler.kube.PoolDeployment.PodInfo;
import io.previs.autoscaler.policy.Plan;
import io.previs.autoscaler.policy.PoolView;
import io.previs.autoscaler.policy.ScalingPolicy;
import io.previs.autoscaler.policy.StartupClock;
import io.previs.autoscaler.policy.Worker;
import io.previs.autoscaler.policy.WorkerState;
import io.previs.contracts.scheduling.PoolBacklog;
import io.previs.contracts.scheduling.WorkerDrain;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One GPU pool's control loop: reads the pool (its Deployment and pods from Kubernetes, its backlog
 * and workers from Kafka), asks the policy, and carries the plan out — drain requests first, then
 * the replica count — with an Event, a log line and metrics for every decision that changes
 * anything.
 */
final class PoolLoop {

  private static final Logger log = LoggerFactory.getLogger(PoolLoop.class);

  /**
   * A removed pod still listed after this (a real API server lists a terminating pod with its
   * deletion time, and those are left out already) is looked at anew.
   */
  private static final Duration REMOVAL_WAIT = Duration.ofSeconds(60);

  /** A busy pod gone within this of a scale-down is counted against the autoscaler. */
  private static final Duration SCALE_DOWN_BLAME = Duration.ofSeconds(30);

  private final AutoscalerProperties.Pool pool;
  private final AutoscalerProperties props;
  private final PoolDeployment deployment;
  private final FarmView farm;
  private final WorkerDrains drains;
  private final AutoscalerMetrics metrics;
  private final Clock clock;
  private final ScalingPolicy policy;
  private final StartupClock startup;
  private final Map<String, Instant> removing = new HashMap<>();
  private final Set<String> measured = new HashSet<>();
  private Map<String, WorkerState> lastStates = Map.of();

  private Instant lastScaleDown = Instant.EPOCH;
  private boolean missingWarned;

  PoolLoop(
      AutoscalerProperties.Pool pool,
      AutoscalerProperties props,
      PoolDeployment deployment,
      FarmView farm,
      WorkerDrains drains,
      AutoscalerMetrics metrics,
      Clock clock) {
    this.pool = pool;
    this.props = props;
    this.deployment = deployment;
    this.farm = farm;
    this.drains = drains;
    this.metrics = metrics;
    this.clock = clock;
    this.policy = new ScalingPolicy(pool.limits());
    this.startup = new StartupClock(pool.startup().toMillis() / 1000.0);
    metrics.register(pool.name());
  }

  String pool() {
    return pool.name();
  }

  /** One look at the pool; returns the plan carried out (null when the Deployment is missing). */
  Plan tick() throws Exception {
    Instant now = clock.instant();
    PoolDeployment.Snapshot snap = deployment.read();
    if (snap == null) {
      if (!missingWarned) {
        log.warn(
            "Pool {}: Deployment {} not found; not scaling it", pool.name(), deployment.name());
        missingWarned = true;
      }
      return null;
    }
    missingWarned = false;
    List<Worker> workers = new ArrayList<>();
    Map<String, WorkerState> states = new HashMap<>();
    Set<String> live = new HashSet<>();
    for (PodInfo pod : snap.pods()) {
      live.add(pod.name());
      Instant markedAt = removing.get(pod.name());
      if (markedAt != null && now.isBefore(markedAt.plus(REMOVAL_WAIT))) {
        continue; // on its way out: already taken off the replica count
      }
      removing.remove(pod.name());
      Worker w = worker(pod, now);
      workers.add(w);
      states.put(w.name(), w.state());
    }
    countLosses(live, now);
    for (String gone : new ArrayList<>(removing.keySet())) {
      if (!live.contains(gone)) {
        removing.remove(gone);
        drains.forget(gone);
      }
    }
    PoolBacklog b = null;
    boolean fresh = false;
    FarmView.Backlog seen = farm.backlog(pool.name());
    if (seen != null) {
      b = seen.record();
      fresh = !now.isAfter(seen.received().plus(props.backlogStale())) && farm.healthy();
    }
    double backlog = 0;
    if (b != null && b.backlogSeconds() != null) {
      for (Double d : b.backlogSeconds().values()) {
        backlog += d == null ? 0 : d;
      }
    }
    PoolView view =
        new PoolView(
            pool.name(),
            now,
            backlog,
            b == null ? 0 : b.queuedShards(),
            b == null ? 0 : b.busy(),
            snap.replicas(),
            workers,
            startup.seconds(),
            fresh);
    Plan plan = policy.decide(view);
    carryOut(plan, view, snap, states);
    lastStates = states;
    Map<WorkerState, Integer> counts = new EnumMap<>(WorkerState.class);
    for (Worker w : workers) {
      counts.merge(w.state(), 1, Integer::sum);
    }
    counts.merge(WorkerState.STARTING, Math.max(0, snap.replicas() - workers.size()), Integer::sum);
    metrics.pool(pool.name(), plan.desired(), plan.replicas(), counts, startup.seconds());
    return plan;
  }

  private Worker worker(PodInfo pod, Instant now) {
    Instant created = pod.created() != null ? pod.created() : now;
    WorkerSeen seen = farm.worker(pod.name());
    if (seen == null) {
      return new Worker(pod.name(), WorkerState.STARTING, created, created);
    }
    if (measured.add(pod.name()) && seen.firstSeen().isAfter(created)) {
      startup.observe(Duration.between(created, seen.firstSeen()).toMillis() / 1000.0);
    }
    if (seen.lastSeen().plus(props.workerTimeout()).isBefore(now)) {
      return new Worker(pod.name(), WorkerState.STUCK, created, seen.lastSeen());
    }
    WorkerDrain d = farm.drain(pod.name());
    if (d != null && d.drain()) {
      // Drained only on the worker's word about this very request: holding nothing, taking nothing.
      boolean drained = seen.shardId() == null && d.at().equals(seen.drained());
      return new Worker(
          pod.name(),
          drained ? WorkerState.DRAINED : WorkerState.DRAINING,
          created,
          d.at(),
          d.byAutoscaler());
    }
    if (seen.shardId() != null) {
      return new Worker(pod.name(), WorkerState.BUSY, created, seen.lastSeen());
    }
    return new Worker(
        pod.name(),
        WorkerState.IDLE,
        created,
        seen.idleSince() != null ? seen.idleSince() : seen.firstSeen());
  }

  /**
   * Pods gone since the last look while their worker held a shard: the autoscaler's fault when it
   * lowered the replica count moments before (the ReplicaSet chose that pod), else a node's or a
   * person's.
   */
  private void countLosses(Set<String> live, Instant now) {
    for (var e : lastStates.entrySet()) {
      if (!live.contains(e.getKey()) && e.getValue() == WorkerState.BUSY) {
        boolean ours = now.isBefore(lastScaleDown.plus(SCALE_DOWN_BLAME));
        log.warn(
            "Pool {}: pod {} went while its worker held a shard{}",
            pool.name(),
            e.getKey(),
            ours ? ", just after this autoscaler lowered the replica count" : "");
        metrics.busyKill(pool.name(), ours ? "autoscaler" : "external");
      }
    }
  }

  private void carryOut(
      Plan plan, PoolView view, PoolDeployment.Snapshot snap, Map<String, WorkerState> states)
      throws Exception {
    String why = plan.reason() + ": " + plan.detail();
    for (String w : plan.resume()) {
      drains.resume(w, pool.name(), why);
    }
    for (String w : plan.drain()) {
      drains.drain(w, pool.name(), why);
    }
    for (String w : plan.release()) {
      drains.release(w, pool.name(), "drain past its grace of " + pool.drainGrace() + "; " + why);
    }
    int replicas = plan.replicas();
    for (String w : plan.remove()) {
      // Last look before the pod goes: still drained under the request in force, holding nothing.
      WorkerSeen seen = farm.worker(w);
      WorkerDrain d = farm.drain(w);
      if (states.get(w) != WorkerState.DRAINED
          || seen == null
          || seen.shardId() != null
          || d == null
          || !d.drain()
          || !d.at().equals(seen.drained())) {
        log.warn("Pool {}: {} is no longer drained; it stays", pool.name(), w);
        replicas++;
        metrics.decision(pool.name(), "removal-averted");
        continue;
      }
      deployment.remove(w);
      removing.put(w, view.at());
    }
    if (replicas != snap.replicas()) {
      deployment.scale(replicas);
      if (replicas < snap.replicas()) {
        lastScaleDown = view.at();
      }
    }
    if (plan.acts(snap.replicas())) {
      String message =
          String.format(
              "%s: replicas %d → %d%s%s%s%s; %s",
              plan.reason(),
              snap.replicas(),
              replicas,
              list(" drain", plan.drain()),
              list(" release", plan.release()),
              list(" resume", plan.resume()),
              list(" remove", plan.remove()),
              plan.detail());
      log.info("Pool {}: {}", pool.name(), message);
      metrics.decision(pool.name(), plan.reason());
      try {
        deployment.event(snap.uid(), plan.reason(), message, plan.reason().endsWith("capped"));
      } catch (RuntimeException e) {
        log.debug("Could not record the event on {}: {}", deployment.name(), e.toString());
      }
    }
  }

  private static String list(String what, List<String> names) {
    return names.isEmpty() ? "" : ";" + what + " " + String.join(", ", names);
  }
}
