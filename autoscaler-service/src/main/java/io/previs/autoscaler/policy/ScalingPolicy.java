package io.previs.autoscaler.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Sizes one GPU pool from its backlog in GPU-seconds and the states of its workers. Pure: the
 * autoscaler's loop, its tests and the simulation benchmark drive this same code with views they
 * build; it remembers only the timers that make it patient (how long a surplus or a wholly idle
 * pool has lasted) and whom it already asked for their shard back.
 *
 * <p>Up: the workers there are, counting those still starting by the start-up time left to each,
 * cannot clear the backlog within the target time — add what covers the rest, each new worker good
 * for the target less a start-up; never more than there are shards to run; a pool with none gets
 * one the moment a shard is pending. Workers being drained are sent back to work before any pod is
 * added.
 *
 * <p>Down, in two steps, so no busy worker is ever removed: an idle worker is drained (it takes no
 * new shard), and only once it reports itself drained is its pod removed. A surplus must outlast
 * the scale-down delay, a scale-up resets that clock, scale-in keeps a hysteresis margin over the
 * need, and the pool's last worker goes only once the pool has been wholly idle for the idle
 * time-out.
 */
public final class ScalingPolicy {

  private final PoolLimits limits;
  private Instant surplusSince;
  private Instant idleSince;
  private Instant lastScaleUp = Instant.EPOCH;
  private final Set<String> askedToRelease = new HashSet<>();

  public ScalingPolicy(PoolLimits limits) {
    this.limits = limits;
  }

  public PoolLimits limits() {
    return limits;
  }

  public Plan decide(PoolView v) {
    Instant now = v.at();
    double target = seconds(limits.target());
    double startup = Math.max(0, v.startupSeconds());
    List<Worker> idle = in(v, WorkerState.IDLE);
    idle.sort(Comparator.comparing(Worker::since)); // longest idle goes first
    List<Worker> starting = in(v, WorkerState.STARTING);
    List<Worker> draining = in(v, WorkerState.DRAINING);
    List<Worker> drained = in(v, WorkerState.DRAINED);
    int busy = (int) v.count(WorkerState.BUSY);
    int stuck = (int) v.count(WorkerState.STUCK);
    int missing = Math.max(0, v.replicas() - v.workers().size());
    int ready = idle.size() + busy;
    int usable = ready + starting.size() + missing;
    // Workers busy beyond the record's released count took shards after it was published: those
    // are no longer queued (else a shard that just started would call for a second worker).
    int startedSince = Math.max(0, busy - v.released());
    int queued = Math.max(0, v.queuedShards() - startedSince);
    double backlog =
        v.queuedShards() == 0 ? 0 : Math.max(0, v.backlogSeconds()) * queued / v.queuedShards();
    int released = Math.max(v.released(), busy);
    int useful = released + queued; // one GPU per shard at most

    // --- up: what the backlog needs within the target time ---------------------------------
    // A worker holding a shard frees up part-way through the target time: taken as half a shard
    // of the queue's mean size from now (its own shard's remaining time is not known here). Without
    // it, one shard queued behind a busy worker would start a second pod that the first worker,
    // done a minute later, makes idle.
    double meanShard = queued == 0 ? 0 : backlog / queued;
    int occupied = Math.min(ready, released);
    double capacity =
        Math.max(0, ready - released) * target + occupied * Math.max(0, target - meanShard / 2);
    for (Worker w : starting) {
      double left = Math.max(0, startup - age(w.created(), now));
      capacity += Math.max(0, target - left);
    }
    capacity += missing * Math.max(0, target - startup);
    // Draining workers come back first (loaded, good for the whole target), then new pods.
    double deficit = backlog - capacity;
    List<String> resume = new ArrayList<>();
    for (Worker w : concat(drained, draining)) {
      if (deficit > 1e-9 && w.resumable()) {
        resume.add(w.name());
        deficit -= target;
      }
    }
    int add = 0;
    if (deficit > 1e-9) {
      add = (int) Math.ceil(deficit / Math.max(target - startup, target / 4) - 1e-9);
    }
    if (usable + resume.size() + add == 0 && useful > 0) {
      add = 1; // activation: the first pending shard wakes the pool
    }
    // never more workers than shards to run, nor more than max; at least min
    int ceiling = Math.min(limits.max(), Math.max(usable, useful));
    boolean capped = usable + resume.size() + add > limits.max();
    while (usable + resume.size() + add > ceiling && add > 0) {
      add--;
    }
    while (usable + resume.size() > ceiling && !resume.isEmpty()) {
      resume.remove(resume.size() - 1);
    }
    if (usable + resume.size() + add < limits.min()) {
      add = limits.min() - usable - resume.size();
    }
    int want = usable + resume.size() + add;
    resume.forEach(askedToRelease::remove);
    if (add > 0 || !resume.isEmpty()) {
      lastScaleUp = now;
      surplusSince = null;
    }

    // --- down: idle workers beyond the need, after the delays -------------------------------
    boolean whollyIdle = useful == 0 && backlog == 0 && busy == 0;
    if (!whollyIdle) {
      idleSince = null;
    } else if (idleSince == null) {
      idleSince = now;
    }
    boolean idleLongEnough = whollyIdle && !now.isBefore(idleSince.plus(limits.idleTimeout()));
    int need =
        Math.min(
            useful,
            released + (int) Math.ceil(backlog * (1 + limits.hysteresis()) / target - 1e-9));
    int floor = idleLongEnough ? limits.min() : Math.max(limits.min(), Math.min(1, usable));
    int keep = Math.max(need, floor);
    List<String> drain = new ArrayList<>();
    if (add == 0 && resume.isEmpty() && usable > keep && v.backlogFresh()) {
      if (surplusSince == null) {
        surplusSince = now;
      }
      boolean delayed =
          !now.isBefore(surplusSince.plus(limits.scaleDownDelay()))
              && !now.isBefore(lastScaleUp.plus(limits.scaleDownDelay()));
      if (delayed || idleLongEnough) {
        for (Worker w : idle) {
          if (drain.size() < usable - keep) {
            drain.add(w.name());
          }
        }
      }
    } else if (usable <= keep) {
      surplusSince = null;
    }

    // --- drains in progress ----------------------------------------------------------------
    List<String> remove = new ArrayList<>();
    for (Worker w : drained) {
      if (!resume.contains(w.name())) {
        remove.add(w.name());
        askedToRelease.remove(w.name());
      }
    }
    List<String> release = new ArrayList<>();
    for (Worker w : draining) {
      if (!resume.contains(w.name())
          && w.resumable() // an ops drain is ops' to hurry: they may release it themselves
          && !now.isBefore(w.since().plus(limits.drainGrace()))
          && askedToRelease.add(w.name())) {
        release.add(w.name());
      }
    }

    int replicas =
        Math.min(limits.max() + drained.size() + draining.size() + stuck, v.replicas() + add)
            - remove.size();
    replicas = Math.max(0, replicas);
    int desired = add > 0 || !resume.isEmpty() ? want : Math.min(usable, keep);
    desired = Math.max(limits.min(), Math.min(limits.max(), desired));

    String reason;
    if (add > 0) {
      reason = usable == 0 ? "activate" : capped ? "scale-up-capped" : "scale-up";
    } else if (!resume.isEmpty()) {
      reason = "resume";
    } else if (!remove.isEmpty()) {
      reason = replicas == 0 ? "scale-to-zero" : "scale-in";
    } else if (!drain.isEmpty()) {
      reason = "drain";
    } else if (!release.isEmpty()) {
      reason = "release";
    } else if (capped) {
      reason = "capped";
    } else {
      reason = "steady";
    }
    String detail =
        String.format(
            Locale.ROOT,
            "backlog %.0f GPU-s in %d shards, %d released; %d ready (%d busy), %d starting,"
                + " %d draining, %d drained, %d stuck; start-up %.0f s; target %s → %d workers"
                + " (min %d, max %d)",
            backlog,
            queued,
            released,
            ready,
            busy,
            starting.size() + missing,
            draining.size(),
            drained.size(),
            stuck,
            startup,
            human(limits.target()),
            desired,
            limits.min(),
            limits.max());
    return new Plan(replicas, desired, drain, release, resume, remove, reason, detail);
  }

  private static List<Worker> in(PoolView v, WorkerState s) {
    List<Worker> out = new ArrayList<>();
    for (Worker w : v.workers()) {
      if (w.state() == s) {
        out.add(w);
      }
    }
    return out;
  }

  private static List<Worker> concat(List<Worker> a, List<Worker> b) {
    List<Worker> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static double age(Instant created, Instant now) {
    return created == null ? 0 : Math.max(0, Duration.between(created, now).toMillis() / 1000.0);
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }

  private static String human(Duration d) {
    return d.toString().substring(2).toLowerCase(Locale.ROOT);
  }
}
