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
 * @param stopTimeout how long a stopping worker waits for its render to reach the next step
 *     boundary and store its checkpoint (a 14B-expert step at 720p takes tens of seconds); keep it
 *     under the pod's termination grace period (the chart sets it 15 s below)
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
    @DefaultValue("default") String pool) {

  public WorkerProperties {
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

  private static String host() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "worker";
    }
  }
}
