package io.previs.scheduler.policy;

import java.util.HashMap;
import java.util.Map;

/**
 * GPU-seconds a shard will take, learned from what workers report: an exponentially weighted mean
 * of seconds per work unit per (model, pool). A pool never measured for a model borrows another
 * pool's figure scaled by the pools' declared speeds; a model never measured at all uses the
 * configured default.
 */
final class CostModel {

  private static final double ALPHA = 0.3;

  private final double defaultSecondsPerUnit;
  private final Map<String, Double> perPool = new HashMap<>();

  /** Seconds per unit at speed 1.0, per model: the speed-normalised mean over every pool. */
  private final Map<String, Double> reference = new HashMap<>();

  CostModel(double defaultSecondsPerUnit) {
    this.defaultSecondsPerUnit = defaultSecondsPerUnit;
  }

  double seconds(String model, double units, PoolSpec pool) {
    Double measured = perPool.get(model + '\u0000' + pool.name());
    if (measured != null) {
      return units * measured;
    }
    return units * reference.getOrDefault(model, defaultSecondsPerUnit) / pool.speed();
  }

  void observe(String model, PoolSpec pool, double units, double seconds) {
    if (!(units > 0) || !(seconds > 0) || Double.isInfinite(seconds)) {
      return;
    }
    double rate = seconds / units;
    perPool.merge(model + '\u0000' + pool.name(), rate, (old, x) -> old + ALPHA * (x - old));
    reference.merge(model, rate * pool.speed(), (old, x) -> old + ALPHA * (x - old));
  }

  /** What has been learned, to persist: "model\0pool" → seconds per unit. */
  Map<String, Double> perPool() {
    return Map.copyOf(perPool);
  }

  /** Model → seconds per unit at speed 1.0. */
  Map<String, Double> reference() {
    return Map.copyOf(reference);
  }

  void restore(Map<String, Double> perPool, Map<String, Double> reference) {
    this.perPool.putAll(perPool);
    this.reference.putAll(reference);
  }
}
