package io.previs.contracts.scheduling;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;

/**
 * What a worker tells the scheduler: that it is alive (its pool, GPU memory and speed), and what
 * became of the shard it holds.
 *
 * @param gpuMemoryGb memory of the worker's GPU
 * @param speed throughput relative to the reference GPU (1.0), from the worker's configuration
 * @param draining the worker takes no new shards (it is being scaled in)
 * @param drained on a heartbeat: the time ({@code at}) of the drain request under which the worker
 *     holds no shard and takes none — its pod may be removed without losing work; null when it is
 *     not drained. Naming the request makes it exact: a report from before a newer request, or from
 *     a drain since lifted, never passes for this one
 * @param shardId on a heartbeat: the shard the worker holds now, or null when it is idle
 * @param billedSeconds on finishing/finished/released/failed: the shard's cumulative GPU-seconds so
 *     far, every attempt (the same figure as the rendered event's usage)
 * @param step on released: the step the shard's checkpoint is at
 */
public record WorkerReport(
    int schemaVersion,
    Kind kind,
    String worker,
    String pool,
    int gpuMemoryGb,
    double speed,
    boolean draining,
    Instant drained,
    String shardId,
    String jobId,
    double billedSeconds,
    Integer step,
    Instant at) {

  public static final int SCHEMA_VERSION = 1;

  public enum Kind {
    /** Alive; sent every heartbeat interval. */
    HEARTBEAT,
    /**
     * Took the shard while another renders on its GPU: it waits, inputs fetched, to start the
     * moment the GPU is free. Lost with the worker now, it spends no attempt: it never ran.
     */
    TAKEN,
    /** Started the shard (a first delivery, or a redelivery after another worker was lost). */
    STARTED,
    /**
     * The shard's GPU work ends within the worker's prefetch lead (or has ended): its GPU is free
     * for the next shard, which the worker takes now so that it is in hand when the GPU is. The
     * shard itself is still held — its frames are being encoded and stored — until finished.
     */
    FINISHING,
    /** The shard's frames and marker are stored. */
    FINISHED,
    /** Handed the shard back at a step boundary with its checkpoint stored. */
    RELEASED,
    /** Gave up on the shard for good (dead-lettered). */
    FAILED,
    /** Failed in a way another attempt may fix (storage down, …): an attempt is spent. */
    ERRORED,
    /** The worker is leaving the pool (stopped). */
    LEFT;

    @JsonValue
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Kind parse(String s) {
      return Kind.valueOf(s.toUpperCase(Locale.ROOT));
    }
  }
}
