package io.previs.scheduler.policy;

import io.previs.contracts.job.Priority;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The pending shards, indexed the way decisions read them: priority class → studio → required GPU
 * memory → shards in arrival order. A decision looks at the first shard of each (studio, memory)
 * queue in one class, so its cost grows with the number of studios and memory levels, and with log
 * n in the number of queued shards (the tree operations), not with n.
 */
final class Backlog {

  private static final Comparator<Shard> ARRIVAL = Comparator.comparingLong(s -> s.seq);
  private static final int CLASSES = Priority.values().length;

  private final List<Map<String, TreeMap<Integer, TreeSet<Shard>>>> byClass = new ArrayList<>();

  /**
   * Work units pending per class, model and required memory: the backlog figures without a scan.
   */
  private final List<Map<String, TreeMap<Integer, double[]>>> units = new ArrayList<>();

  private int size;
  private double totalUnits;

  /** Work units of the pending shards, counted: the largest is the last wave's length. */
  private final TreeMap<Double, Integer> unitCounts = new TreeMap<>();

  Backlog() {
    for (int c = 0; c < CLASSES; c++) {
      byClass.add(new HashMap<>());
      units.add(new HashMap<>());
    }
  }

  void add(Shard s) {
    int mem = s.demand.requiredMemoryGb();
    if (byClass
        .get(s.cls())
        .computeIfAbsent(s.studio(), k -> new TreeMap<>())
        .computeIfAbsent(mem, k -> new TreeSet<>(ARRIVAL))
        .add(s)) {
      size++;
      totalUnits += s.demand.workUnits();
      unitCounts.merge(s.demand.workUnits(), 1, Integer::sum);
      double[] u =
          units
              .get(s.cls())
              .computeIfAbsent(s.demand.modelId(), k -> new TreeMap<>())
              .computeIfAbsent(mem, k -> new double[2]);
      u[0] += s.demand.workUnits();
      u[1]++;
    }
  }

  void remove(Shard s) {
    Map<String, TreeMap<Integer, TreeSet<Shard>>> studios = byClass.get(s.cls());
    TreeMap<Integer, TreeSet<Shard>> levels = studios.get(s.studio());
    if (levels == null) {
      return;
    }
    int mem = s.demand.requiredMemoryGb();
    TreeSet<Shard> queue = levels.get(mem);
    if (queue == null || !queue.remove(s)) {
      return;
    }
    size--;
    totalUnits -= s.demand.workUnits();
    unitCounts.computeIfPresent(s.demand.workUnits(), (k, n) -> n == 1 ? null : n - 1);
    if (queue.isEmpty()) {
      levels.remove(mem);
      if (levels.isEmpty()) {
        studios.remove(s.studio());
      }
    }
    TreeMap<Integer, double[]> models = units.get(s.cls()).get(s.demand.modelId());
    double[] u = models.get(mem);
    u[0] -= s.demand.workUnits();
    if (--u[1] == 0) {
      models.remove(mem);
      if (models.isEmpty()) {
        units.get(s.cls()).remove(s.demand.modelId());
      }
    }
  }

  int size() {
    return size;
  }

  double totalUnits() {
    return Math.max(0, totalUnits);
  }

  double largestUnits() {
    return unitCounts.isEmpty() ? 0 : unitCounts.lastKey();
  }

  /** The studio's longest shard in the class that fits (the last wave: see Scheduler#pick). */
  Shard longest(int cls, String studio, int memoryGb) {
    TreeMap<Integer, TreeSet<Shard>> levels = byClass.get(cls).get(studio);
    if (levels == null) {
      return null;
    }
    Shard best = null;
    for (TreeSet<Shard> queue : levels.headMap(memoryGb, true).values()) {
      for (Shard s : queue) {
        if (best == null || s.demand.workUnits() > best.demand.workUnits()) {
          best = s;
        }
      }
    }
    return best;
  }

  boolean has(int cls, String studio) {
    return byClass.get(cls).containsKey(studio);
  }

  Set<String> studios(int cls) {
    return byClass.get(cls).keySet();
  }

  /** The studio's earliest shard in the class that fits a GPU with this much memory. */
  Shard first(int cls, String studio, int memoryGb) {
    TreeMap<Integer, TreeSet<Shard>> levels = byClass.get(cls).get(studio);
    if (levels == null) {
      return null;
    }
    Shard best = null;
    for (TreeSet<Shard> queue : levels.headMap(memoryGb, true).values()) {
      Shard s = queue.first();
      if (best == null || s.seq < best.seq) {
        best = s;
      }
    }
    return best;
  }

  /** Up to {@code limit} of the studio's first shards in the class, in arrival order. */
  List<Shard> first(int cls, String studio, int limit, boolean anyMemory) {
    TreeMap<Integer, TreeSet<Shard>> levels = byClass.get(cls).get(studio);
    if (levels == null || limit <= 0) {
      return List.of();
    }
    List<Shard> out = new ArrayList<>();
    for (TreeSet<Shard> queue : levels.values()) {
      for (Shard s : queue) {
        if (out.size() >= limit * levels.size()) {
          break;
        }
        out.add(s);
      }
    }
    out.sort(ARRIVAL);
    return out.size() > limit ? out.subList(0, limit) : out;
  }

  /** The studio's shards in the class, in arrival order (for ETAs). */
  List<Shard> queue(int cls, String studio) {
    TreeMap<Integer, TreeSet<Shard>> levels = byClass.get(cls).get(studio);
    if (levels == null) {
      return List.of();
    }
    if (levels.size() == 1) {
      return List.copyOf(levels.firstEntry().getValue());
    }
    List<Shard> all = new ArrayList<>();
    levels.values().forEach(all::addAll);
    all.sort(ARRIVAL);
    return all;
  }

  /** Pending work units and shard counts per model in the class that fit this much memory. */
  Map<String, double[]> unitsFitting(int cls, int memoryGb) {
    Map<String, double[]> out = new HashMap<>();
    units
        .get(cls)
        .forEach(
            (model, levels) -> {
              NavigableMap<Integer, double[]> fit = levels.headMap(memoryGb, true);
              double[] sum = new double[2];
              fit.values()
                  .forEach(
                      u -> {
                        sum[0] += u[0];
                        sum[1] += u[1];
                      });
              if (sum[1] > 0) {
                out.put(model, sum);
              }
            });
    return out;
  }
}
