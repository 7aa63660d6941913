package io.previs.worker;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One worker's settings.
 *
 * @param id worker name in events and logs (default: host name and pid)
 * @param device cpu or cuda; cuda needs the -Dgpu build and CUDA 12 on the node
 * @param allowCpuFallback run on CPU when CUDA is asked for but missing (logged, never silent)
 * @param keepExpertsLoaded keep both MoE experts resident (false: offload the idle one, as Wan
 *     does)
 * @param maxAttempts deliveries after which a shard is dead-lettered and its job failed
 * @param checkpointInterval time between sampler checkpoints to object storage
 * @param checkpointEverySteps also checkpoint every N steps (0: time only)
 * @param progressInterval minimum time between progress events of one shard
 * @param vaeChunkLatentFrames latent frames per VAE call for causal decoders (bounds memory)
 * @param workDir scratch space for frames before upload
 * @param pool the GPU pool this worker belongs to (e.g. a100, h100): usage and metrics are tagged
 *     with it
 * @param gpuMemoryGb memory of this worker's GPU: the scheduler sends it only shards whose model
 *     fits
 * @param speed throughput relative to the reference GPU (1.0; an H100 is about 2 against an A100):
 *     the scheduler prefers faster pools and estimates with it until it has measured
 * @param heartbeatInterval how often the worker tells the scheduler it is alive
 * @param lease the scheduler's {@code worker-timeout}: a worker silent this long has been counted
 *     lost and its shard given to another. A worker that finds itself paused for nearly that long
 *     (SIGSTOP, a frozen VM, a long GC pause) stops acting on the shard it held: it publishes,
 *     stores and commits nothing more for it (set it to the scheduler's value)
 * @param stallFactor a step running this many times longer than the model's steps take on this
 *     worker is reported stalled ({@code shard.stalled}, {@code previs.worker.stalls})
 * @param stallMinimum and at least this long (quick models' steps vary by more than the factor)
 * @param hangTimeout a step running this long has hung (a native call that never returns): the
 *     worker's liveness probe fails, so Kubernetes restarts it and the shard resumes elsewhere from
 *     its checkpoint. Keep it well above the slowest healthy step (a 14B expert at 720p takes tens
 *     of seconds on an H100)
 * @param stopTimeout how long a stopping worker waits for its render to reach the next step
 *     boundary and store its checkpoint (a 14B-expert step at 720p takes tens of seconds); keep it
 *     under the pod's termination grace period (the chart sets it 15 s below)
 * @param prefetchLead when the shard on the GPU has about this much GPU work left (its remaining
 *     steps at its measured pace, and its decode), the worker tells the scheduler its GPU is free
 *     for the next shard and takes that shard, so that the next shard's inputs are in hand when the
 *     GPU is: cover the scheduler's hand-off (a report, a release, a take — about a second). 0
 *     takes the next shard only once the GPU is done
 * @param encodeBufferMb decoded frames held for the lossless encoder, which runs beside the GPU:
 *     the decode waits only when the encoder is this far behind
 * @param preloadModel a model to mirror and load before the worker first reports for work (the
 *     chart sets the deployment's default model). Its start-up, which the autoscaler measures from
 *     pod creation to the first report, then includes the model's download and load, and its first
 *     shard finds the model warm; a worker still loading is starting, not an idle GPU. Empty:
 *     report at once and load on the first shard
 */
@ConfigurationProperties("previs.worker")
public record WorkerProperties(
    String id,
    @DefaultValue("true") boolean enabled,
    @DefaultValue("previs-workers") String groupId,
    Path modelCache,
    Path workDir,
    @DefaultValue("cpu") String device,
    @DefaultValue("0") int deviceId,
    @DefaultValue("false") boolean allowCpuFallback,
    @DefaultValue("0") int threads,
    @DefaultValue("true") boolean keepExpertsLoaded,
    @DefaultValue("3") int maxAttempts,
    @DefaultValue("30s") Duration checkpointInterval,
    @DefaultValue("0") int checkpointEverySteps,
    @DefaultValue("250ms") Duration progressInterval,
    @DefaultValue("4") int vaeChunkLatentFrames,
    @DefaultValue("90s") Duration stopTimeout,
    @DefaultValue("default") String pool,
    @DefaultValue("80") int gpuMemoryGb,
    @DefaultValue("1.0") double speed,
    @DefaultValue("2s") java.time.Duration heartbeatInterval,
    @DefaultValue("20s") Duration lease,
    @DefaultValue("5") double stallFactor,
    @DefaultValue("60s") Duration stallMinimum,
    @DefaultValue("15m") Duration hangTimeout,
    @DefaultValue("5s") Duration prefetchLead,
    @DefaultValue("256") int encodeBufferMb,
    String preloadModel) {

  public WorkerProperties {
    if (pool == null || !io.previs.contracts.topics.Topics.POOL_NAME.matcher(pool).matches()) {
      throw new IllegalArgumentException(
          "previs.worker.pool must be 1 to 63 of a-z, 0-9 and '-', starting with a letter or"
              + " digit: '"
              + pool
              + "'");
    }
    if (gpuMemoryGb < 0 || gpuMemoryGb > 4096) {
      throw new IllegalArgumentException(
          "previs.worker.gpu-memory-gb must be 0 to 4096: " + gpuMemoryGb);
    }
    if (!(speed > 0 && speed <= 100)) {
      throw new IllegalArgumentException("previs.worker.speed must be in (0, 100]: " + speed);
    }
    if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
      throw new IllegalArgumentException("previs.worker.heartbeat-interval must be positive");
    }
    if (lease.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException(
          "previs.worker.lease must be at least twice previs.worker.heartbeat-interval ("
              + heartbeatInterval
              + "): "
              + lease);
    }
    if (!(stallFactor > 1)) {
      throw new IllegalArgumentException(
          "previs.worker.stall-factor must be above 1: " + stallFactor);
    }
    if (stallMinimum.isNegative()
        || stallMinimum.isZero()
        || hangTimeout.compareTo(stallMinimum) <= 0) {
      throw new IllegalArgumentException(
          "previs.worker.stall-minimum must be positive and under previs.worker.hang-timeout: "
              + stallMinimum
              + " / "
              + hangTimeout);
    }
    if (prefetchLead.isNegative() || prefetchLead.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException(
          "previs.worker.prefetch-lead must be 0 to 10m: " + prefetchLead);
    }
    if (encodeBufferMb < 16 || encodeBufferMb > 65536) {
      throw new IllegalArgumentException(
          "previs.worker.encode-buffer-mb must be 16 to 65536: " + encodeBufferMb);
    }
    if (id == null || id.isBlank()) {
      id = host() + "-" + ProcessHandle.current().pid();
    }
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"), "previs");
    if (modelCache == null) {
      modelCache = tmp.resolve("models-worker");
    }
    if (workDir == null) {
      workDir = tmp.resolve("work-" + id);
    }
  }

  /** The pool's share group: one per pool, over the pool's own queue. */
  public String shareGroup() {
    return groupId + "-" + pool;
  }

  private static String host() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "worker";
    }
  }
}
