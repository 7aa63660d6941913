package io.previs.media.assembly;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Collects shard-rendered notices, which arrive in any order and possibly more than once, and
 * reports each (job, variant) as complete exactly once, with its shards in shot order.
 *
 * <p>Pure state, no I/O: the service persists {@link #toJson()} (for example in a compacted topic
 * or beside its offsets) and restores it with {@link #fromJson(String)} after a restart, so that a
 * redelivered notice of an assembled variant is recognised as such. Completed keys are remembered
 * until {@link #forget(String)} is called for their job, which the service does once the job's
 * outputs are durably published. Thread-safe.
 */
public final class AssemblyTracker {

  /** Snapshot format; {@link #fromJson} refuses newer ones rather than half-read them. */
  public static final int FORMAT = 1;

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private final Map<AssemblyKey, ShardRendered[]> pending = new TreeMap<>();
  private final TreeSet<AssemblyKey> assembled = new TreeSet<>();

  public synchronized Offer offer(ShardRendered shard) {
    AssemblyKey key = shard.key();
    if (assembled.contains(key)) {
      return new Offer.Ignored(key, Offer.Reason.ALREADY_ASSEMBLED, key + " was already assembled");
    }
    ShardRendered[] shots = pending.get(key);
    if (shots == null) {
      shots = new ShardRendered[shard.shotCount()];
      pending.put(key, shots);
    } else if (shots.length != shard.shotCount()) {
      throw new ShardConflictException(
          "shard "
              + shard.shardId()
              + " of "
              + key
              + " says shotCount "
              + shard.shotCount()
              + ", earlier shards said "
              + shots.length);
    }
    ShardRendered existing = shots[shard.shotIndex()];
    if (existing != null) {
      if (existing.equals(shard)) {
        return new Offer.Ignored(
            key, Offer.Reason.DUPLICATE, "shot " + shard.shotIndex() + " of " + key + " again");
      }
      return new Offer.Ignored(
          key,
          Offer.Reason.CONFLICTING_SHARD,
          "shot "
              + shard.shotIndex()
              + " of "
              + key
              + " already has shard "
              + existing.shardId()
              + "; "
              + shard.shardId()
              + " ignored");
    }
    shots[shard.shotIndex()] = shard;
    int received = (int) Arrays.stream(shots).filter(s -> s != null).count();
    if (received < shots.length) {
      return new Offer.Pending(key, received, shots.length);
    }
    pending.remove(key);
    assembled.add(key);
    return new Offer.Complete(new CompletedAssembly(key, List.of(shots)));
  }

  /** Drops everything known about a job, pending or assembled. */
  public synchronized void forget(String jobId) {
    pending.keySet().removeIf(k -> k.jobId().equals(jobId));
    assembled.removeIf(k -> k.jobId().equals(jobId));
  }

  public synchronized boolean isAssembled(AssemblyKey key) {
    return assembled.contains(key);
  }

  /** Variants of a job reported complete so far (the contact sheet waits for all of them). */
  public synchronized List<Integer> assembledVariants(String jobId) {
    List<Integer> out = new ArrayList<>();
    for (AssemblyKey k : assembled) {
      if (k.jobId().equals(jobId)) {
        out.add(k.variant());
      }
    }
    return out;
  }

  public synchronized List<AssemblyKey> pendingKeys() {
    return List.copyOf(pending.keySet());
  }

  /** The whole state as plain records (shards of a pending key in shot order, gaps skipped). */
  public synchronized Snapshot snapshot() {
    List<Snapshot.PendingAssembly> p = new ArrayList<>();
    pending.forEach(
        (k, shots) ->
            p.add(
                new Snapshot.PendingAssembly(
                    k, shots.length, Arrays.stream(shots).filter(s -> s != null).toList())));
    return new Snapshot(FORMAT, p, List.copyOf(assembled));
  }

  public static AssemblyTracker restore(Snapshot s) {
    if (s.format() != FORMAT) {
      throw new IllegalArgumentException(
          "assembly snapshot format "
              + s.format()
              + " is not supported (this build reads "
              + FORMAT
              + ")");
    }
    AssemblyTracker t = new AssemblyTracker();
    t.assembled.addAll(s.assembled());
    for (Snapshot.PendingAssembly p : s.pending()) {
      ShardRendered[] shots = new ShardRendered[p.shotCount()];
      for (ShardRendered shard : p.shards()) {
        if (!shard.key().equals(p.key()) || shard.shotCount() != p.shotCount()) {
          throw new IllegalArgumentException(
              "assembly snapshot: shard " + shard.shardId() + " does not belong to " + p.key());
        }
        shots[shard.shotIndex()] = shard;
      }
      t.pending.put(p.key(), shots);
    }
    return t;
  }

  public String toJson() {
    return JSON.writeValueAsString(snapshot());
  }

  public static AssemblyTracker fromJson(String json) {
    try {
      return restore(JSON.readValue(json, Snapshot.class));
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "assembly snapshot is not valid JSON for format "
              + FORMAT
              + ": "
              + e.getOriginalMessage(),
          e);
    }
  }

  /** Persistable state of a tracker. */
  public record Snapshot(int format, List<PendingAssembly> pending, List<AssemblyKey> assembled) {

    public Snapshot {
      pending = pending == null ? List.of() : List.copyOf(pending);
      assembled = assembled == null ? List.of() : List.copyOf(assembled);
    }

    public record PendingAssembly(AssemblyKey key, int shotCount, List<ShardRendered> shards) {
      public PendingAssembly {
        shards = shards == null ? List.of() : List.copyOf(shards);
      }
    }
  }
}
