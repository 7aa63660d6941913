package io.previs.gateway.jobs;

import io.previs.contracts.job.GpuUsage;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEvent.FieldError;
import io.previs.contracts.job.JobEvent.Regeneration;
import io.previs.contracts.job.JobEvent.Review;
import io.previs.contracts.job.JobEvent.VariantOutput;
import io.previs.contracts.job.JobSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A job as the API shows it.
 *
 * @param progress fraction of all denoising steps done over all shards (0..1)
 * @param shards per shard: state and denoising progress
 * @param outputs per variant, once post-processed (keys; links are added by the API)
 * @param artifacts job-level files (contact sheets) by name → object key
 * @param regenerations variants that failed QC and the jobs rendering them again
 * @param reviews per variant QC flagged (or a person judged): the latest review, by variant
 * @param usage GPU-seconds of the shards rendered so far, in all and per variant
 * @param scheduling the job's priority, whether it is paused or cancelled, and while it has shards
 *     waiting, its place in its class and estimated start and finish
 * @param waiting what the job waits on while a service working on it is held up (object storage not
 *     answering), or null; cleared when it answers again or the job moves on
 * @param versions the shot's next versions made from this job's rejected takes, oldest first
 * @param selected the take of this job a director last chose for its shot, or null; the shot's cut
 *     uses the latest choice over all its versions
 */
public record JobView(
    String jobId,
    String studio,
    String clientJobId,
    JobStatus status,
    Instant submittedAt,
    Instant updatedAt,
    double progress,
    JobSpec spec,
    List<FieldError> errors,
    String failure,
    Map<String, ShardView> shards,
    List<VariantOutput> outputs,
    int duplicates,
    Map<String, String> artifacts,
    List<Regeneration> regenerations,
    List<Review> reviews,
    Usage usage,
    Scheduling scheduling,
    Waiting waiting,
    JobEvent.Policy policy,
    List<JobEvent.Version> versions,
    Selected selected) {

  public JobView {
    versions = versions == null ? List.of() : List.copyOf(versions);
  }

  /** A take chosen for the shot: which, by whom, why and when. */
  public record Selected(int variant, String by, String note, Instant at) {}

  /**
   * @param on what is not answering ({@code storage})
   * @param since when the job first waited on it
   * @param reason how long, on what call, and for how long it will be waited out
   */
  public record Waiting(String on, Instant since, String reason) {}

  /**
   * @param queue null when no shard of the job waits
   * @param cancelledBy, cancelledAt set once cancelled
   * @param preemptions times a running shard of the job made way for a higher-priority one
   */
  public record Scheduling(
      String priority,
      boolean paused,
      JobEvent.Queue queue,
      String cancelledBy,
      Instant cancelledAt,
      int preemptions) {
    public static final Scheduling NONE = new Scheduling(null, false, null, null, null, 0);
  }

  /** GPU-seconds billed for a job: every rendered shard's, and per variant. */
  public record Usage(double deviceSeconds, Map<Integer, Double> byVariant) {
    public static final Usage NONE = new Usage(0, Map.of());
  }

  /**
   * @param attempts deliveries of the shard so far (a worker loss makes it 2)
   * @param resumedFromStep checkpoint step a redelivered render resumed from
   * @param usage once rendered: what the shard cost over all its attempts
   * @param state queued, rendering, rendered, or stopped (at a step boundary: cancelled, paused,
   *     preempted, or its worker stopped; its usage so far is billed)
   * @param renderedAt once rendered or stopped: when (the day usage is reported under)
   * @param fraction of the shard's denoising done, every window of every step (1 once rendered)
   * @param window on a shot denoised in overlapping windows: the window of the current step last
   *     denoised (each step denoises every window once per guidance pass); null on one window
   * @param windows how many windows the shot is denoised in; null on a shot of one window
   */
  public record ShardView(
      int shot,
      int variant,
      String state,
      int step,
      int steps,
      String expert,
      int attempts,
      Integer resumedFromStep,
      GpuUsage usage,
      Instant renderedAt,
      double fraction,
      Integer window,
      Integer windows) {}
}
