package io.previs.qc.regeneration;

import io.previs.contracts.job.JobEvent.Regeneration;
import io.previs.contracts.job.JobIds;
import io.previs.contracts.job.JobLabels;
import io.previs.contracts.job.JobSpec;
import io.previs.contracts.job.RenderRequest;
import io.previs.contracts.job.RenderRequest.ShotRequest;
import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.storage.ObjectKeys;
import io.previs.contracts.topics.Topics;
import io.previs.contracts.video.VideoReady;
import io.previs.qc.QcProperties;
import io.previs.servicekit.kafka.EventPublisher;
import io.previs.servicekit.storage.ObjectStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Asks for a failed variant to be rendered again with a new seed, as a job of its own submitted to
 * {@code previs.jobs.submit} like any studio request, so it is validated, queued, rendered and
 * checked the same way, and is visible and cancellable as a job.
 *
 * <p>Why a new job rather than re-queueing shards of the old one: the old job's outputs and
 * verdicts stay as they were (what the director was told), the new job has its own progress and
 * outputs, and the gateway's idempotency on client job ids makes the request safe to repeat: the
 * client job id is {@code regen/<root job>/v<variant>/<attempt>}, so a redelivered verdict asks for
 * the same job and the gateway records a duplicate instead of rendering twice.
 *
 * <p>Attempts are bounded per original variant: the regenerated job carries labels naming its root
 * job, the variant and the attempt, and a failure of attempt {@code maxRegenerations} is final.
 */
@Component
public class Regenerations {

  private final ObjectStore store;
  private final EventPublisher publisher;
  private final QcProperties props;

  public Regenerations(ObjectStore store, EventPublisher publisher, QcProperties props) {
    this.store = store;
    this.publisher = publisher;
    this.props = props;
  }

  /** What was done about a failed variant. */
  public sealed interface Outcome {
    String action();
  }

  /** A new job was asked for. */
  public record Requested(Regeneration regeneration) implements Outcome {
    @Override
    public String action() {
      return "regenerate";
    }
  }

  /** Nothing was asked for, and why. */
  public record NotRequested(String action, String reason) implements Outcome {}

  public Outcome onFail(VideoReady v, String correlationId) {
    if (props.maxRegenerations() == 0) {
      return new NotRequested("keep", "regeneration is switched off (previs.qc.max-regenerations)");
    }
    String specKey = ObjectKeys.spec(v.studio(), v.jobId());
    if (!store.exists(specKey)) {
      return new NotRequested("keep", "no job spec at " + specKey + " to render it again from");
    }
    JobSpec spec = PrevisJson.mapper().readValue(store.get(specKey), JobSpec.class);
    Map<String, String> labels = spec.labels() == null ? Map.of() : spec.labels();
    int attempt = intLabel(labels, JobLabels.REGENERATION_ATTEMPT, 0) + 1;
    if (attempt > props.maxRegenerations()) {
      return new NotRequested(
          "exhausted",
          "regeneration attempts used up ("
              + props.maxRegenerations()
              + " of "
              + props.maxRegenerations()
              + ")");
    }
    String root = labels.getOrDefault(JobLabels.REGENERATION_OF, v.jobId());
    int rootVariant = intLabel(labels, JobLabels.REGENERATION_VARIANT, v.variant());
    String clientJobId = "regen/" + root + "/v" + rootVariant + "/" + attempt;
    long seed = newSeed(v.seed(), attempt);
    Map<String, String> newLabels = new LinkedHashMap<>(labels);
    newLabels.put(JobLabels.REGENERATION_OF, root);
    newLabels.put(JobLabels.REGENERATION_PARENT, v.jobId());
    newLabels.put(JobLabels.REGENERATION_VARIANT, Integer.toString(rootVariant));
    newLabels.put(JobLabels.REGENERATION_ATTEMPT, Integer.toString(attempt));
    // A take rendered again is a take of the same shot and version: the director's sequence finds
    // it beside the takes it replaces (its own clientJobId names no shot).
    newLabels.putIfAbsent(JobLabels.VERSION_SHOT, spec.clientJobId().replaceFirst("/v\\d{3}$", ""));
    List<ShotRequest> shots =
        spec.shots().stream()
            .map(
                s ->
                    new ShotRequest(
                        s.prompt(), s.negativePrompt(), null, s.frames(), beats(s, spec.fps())))
            .toList();
    RenderRequest request =
        new RenderRequest(
            RenderRequest.SCHEMA_VERSION,
            spec.studio(),
            clientJobId,
            null,
            null,
            shots,
            1,
            null,
            null,
            spec.fps(),
            spec.width(),
            spec.height(),
            seed,
            spec.steps(),
            spec.guidance(),
            spec.modelId(),
            spec.priority() == null ? null : spec.priority().wire(),
            newLabels,
            null,
            spec.windowOverlap());
    String newJobId = JobIds.jobId(spec.studio(), clientJobId);
    publisher.publishAndWait(
        Topics.JOBS_REGENERATE, newJobId, request, "regeneration", newJobId, correlationId);
    return new Requested(
        new Regeneration(
            v.variant(), attempt, props.maxRegenerations(), newJobId, clientJobId, seed, root));
  }

  /**
   * A seed far from the failed one (SplitMix64 of it and the attempt), within the 53 bits a JSON
   * client keeps exactly; deterministic, so asking again asks for the same render.
   */
  static long newSeed(long failedSeed, int attempt) {
    long z = failedSeed + 0x9E3779B97F4A7C15L * (attempt + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    long seed = z & ((1L << 53) - 1);
    return seed == failedSeed ? (seed + 1) & ((1L << 53) - 1) : seed;
  }

  private static int intLabel(Map<String, String> labels, String key, int fallback) {
    String s = labels.get(key);
    if (s == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** The shot's beats as a request gives them: each one's length in seconds, the last open. */
  static java.util.List<RenderRequest.BeatRequest> beats(
      io.previs.contracts.job.JobSpec.ShotSpec shot, int fps) {
    var beats = shot.beats();
    if (beats.isEmpty()) {
      return null;
    }
    var out = new java.util.ArrayList<RenderRequest.BeatRequest>();
    for (int j = 0; j < beats.size(); j++) {
      Double seconds =
          j + 1 < beats.size()
              ? (beats.get(j + 1).startFrame() - beats.get(j).startFrame()) / (double) fps
              : null;
      out.add(new RenderRequest.BeatRequest(beats.get(j).prompt(), seconds));
    }
    return out;
  }
}
