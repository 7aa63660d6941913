package io.previs.scheduler.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The GPU pools as their workers report them: a pool's capacity is its live workers that are not
 * draining (one GPU each); its busy count is the shards the scheduler has released into it and not
 * yet seen finish. A pool's free GPUs are the difference, and the scheduler releases no more shards
 * into a pool than that, so the pool's queue never holds more than it can start at once.
 */
final class Pools {

  /** One worker's seat: which pool, when last heard from, whether it is draining. */
  record Seat(String worker, String pool, Instant lastSeen, boolean draining) {}

  private final Map<String, PoolSpec> specs = new HashMap<>();
  private final Map<String, Seat> seats = new HashMap<>();
  private final Map<String, Integer> capacity = new HashMap<>();
  private final Map<String, Integer> busy = new HashMap<>();
  private List<PoolSpec> bySpeed = List.of();

  /** A worker's heartbeat. Returns true if the pool's capacity changed. */
  boolean seen(String worker, PoolSpec spec, boolean draining, Instant now) {
    PoolSpec known = specs.put(spec.name(), spec);
    if (!spec.equals(known)) {
      sortPools();
    }
    Seat before = seats.put(worker, new Seat(worker, spec.name(), now, draining));
    boolean counted = before != null && !before.draining();
    if (before != null && !before.pool().equals(spec.name()) && counted) {
      capacity.merge(before.pool(), -1, Integer::sum);
      counted = false;
    }
    if (counted == !draining) {
      return false;
    }
    capacity.merge(spec.name(), draining ? -1 : 1, Integer::sum);
    return true;
  }

  void declare(PoolSpec spec) {
    if (!spec.equals(specs.put(spec.name(), spec))) {
      sortPools();
    }
  }

  void gone(String worker) {
    Seat s = seats.remove(worker);
    if (s != null && !s.draining()) {
      capacity.merge(s.pool(), -1, Integer::sum);
    }
  }

  /** Forgets workers not heard from within the timeout; returns their names. */
  List<String> expire(Instant now, Duration timeout) {
    List<String> lost = new ArrayList<>(0);
    Iterator<Seat> it = seats.values().iterator();
    while (it.hasNext()) {
      Seat s = it.next();
      if (s.lastSeen().plus(timeout).isBefore(now)) {
        it.remove();
        if (!s.draining()) {
          capacity.merge(s.pool(), -1, Integer::sum);
        }
        lost.add(s.worker());
      }
    }
    return lost;
  }

  PoolSpec spec(String pool) {
    return specs.get(pool);
  }

  /** Pools fastest first: the scheduler fills the faster pool when both have a free GPU. */
  List<PoolSpec> bySpeed() {
    return bySpeed;
  }

  int capacity(String pool) {
    return capacity.getOrDefault(pool, 0);
  }

  int busy(String pool) {
    return busy.getOrDefault(pool, 0);
  }

  int free(String pool) {
    return Math.max(0, capacity(pool) - busy(pool));
  }

  int draining(String pool) {
    int n = 0;
    for (Seat s : seats.values()) {
      if (s.draining() && s.pool().equals(pool)) {
        n++;
      }
    }
    return n;
  }

  int totalCapacity() {
    return capacity.values().stream().mapToInt(Integer::intValue).sum();
  }

  void take(String pool) {
    busy.merge(pool, 1, Integer::sum);
  }

  void release(String pool) {
    busy.merge(pool, -1, Integer::sum);
  }

  Map<String, Seat> seats() {
    return seats;
  }

  /** A known pool for an unknown name, so a shard's pool survives its workers' departure. */
  PoolSpec specOrUnknown(String pool) {
    PoolSpec s = specs.get(pool);
    return s != null ? s : new PoolSpec(pool, 0, 1);
  }

  private void sortPools() {
    List<PoolSpec> all = new ArrayList<>(specs.values());
    all.sort(Comparator.comparingDouble(PoolSpec::speed).reversed().thenComparing(PoolSpec::name));
    bySpeed = List.copyOf(all);
  }
}
