package io.previs.contracts.job;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One entry of a job's event log on {@code previs.jobs.events}. A single record type with a {@code
 * type} discriminator and optional sections, so that any JSON consumer (dashboards, kcat) reads
 * every event the same way.
 *
 * @param spec on {@code accepted}: the normalised job
 * @param errors on {@code rejected}: every field problem found
 * @param shard on shard-level stage events and progress
 * @param progress on {@code stage.progress}
 * @param reason on {@code failed} (and {@code duplicate}: which job it duplicates); a
 *     human-readable summary on stage events
 * @param outputs on {@code completed} (and {@code stage.completed} of post-processing or QC)
 * @param artifacts job-level files by name, e.g. {@code contactSheet.shot0} → object key
 * @param regeneration on {@code regeneration.requested}: which variant, the new job and its seed
 * @param review on {@code review.requested} and {@code review.recorded}
 * @param usage on the render stage's {@code stage.completed} of a shard: what it cost
 * @param submissionId on {@code accepted}, {@code rejected} and {@code duplicate}: the submission
 *     decided on, so a client waiting on its own request finds its answer
 * @param queue on {@code queue.updated}: the job's place in its class and its estimated times
 * @param control on {@code cancelled}, {@code paused}, {@code resumed}, {@code priority.changed}:
 *     who asked, the command, and the priority
 * @param policy on {@code accepted}, {@code rejected}, {@code policy.held} and {@code
 *     policy.reviewed}: the content policy's decision on the request's prompts, with its version
 * @param version on {@code version.created}: the shot's next version, made from a rejected take
 * @param take on {@code take.selected}: the take a director chose for the shot, on the job (the
 *     version) it belongs to
 */
public record JobEvent(
    int schemaVersion,
    JobEventType type,
    String jobId,
    String studio,
    Instant at,
    Stage stage,
    JobSpec spec,
    List<FieldError> errors,
    ShardRef shard,
    Progress progress,
    String reason,
    List<VariantOutput> outputs,
    Map<String, String> artifacts,
    Regeneration regeneration,
    Review review,
    String submissionId,
    GpuUsage usage,
    Queue queue,
    Control control,
    Policy policy,
    Version version,
    Take take)
    implements JobScoped {

  public static final int SCHEMA_VERSION = 1;

  /** A rejected field: which one, what is wrong, and the limit it broke. */
  public record FieldError(String field, String message) {}

  public record ShardRef(String shardId, int shot, int variant) {}

  /**
   * Denoising progress of one shard.
   *
   * @param step 1-based step just completed — or, on a report from within a step of a shot denoised
   *     in overlapping windows, the step in progress
   * @param fraction of the whole shot's denoising done (every window of every step)
   * @param resumedFromStep set when the shard resumed from a checkpoint after a redelivery
   * @param window on a shot denoised in overlapping windows: the 1-based window just denoised
   *     (every step denoises each window once per guidance pass); null on a shot of one window
   * @param windows how many windows the shot is denoised in; null on a shot of one window
   */
  public record Progress(
      int step,
      int steps,
      String expert,
      double sigma,
      double fraction,
      long elapsedMillis,
      Integer resumedFromStep,
      Integer window,
      Integer windows) {

    public Progress(
        int step,
        int steps,
        String expert,
        double sigma,
        double fraction,
        long elapsedMillis,
        Integer resumedFromStep) {
      this(step, steps, expert, sigma, fraction, elapsedMillis, resumedFromStep, null, null);
    }
  }

  /** What a finished variant produced (object keys; links are presigned on request). */
  public record VariantOutput(
      int variant,
      long seed,
      String videoKey,
      String posterKey,
      String reportKey,
      String verdict) {}

  /**
   * A failed variant rendered again as a job of its own.
   *
   * @param variant the variant of this job that failed QC
   * @param attempt 1 for the first regeneration of the original variant, 2 for a regeneration of
   *     that regeneration, …
   * @param maxAttempts the limit QC was configured with
   * @param jobId the new job; its labels name this one ({@code previs.regeneration.parent})
   * @param clientJobId the new job's idempotency key (deterministic: asking twice renders once)
   * @param seed the new job's seed
   * @param rootJobId the job the studio originally submitted
   */
  public record Regeneration(
      int variant,
      int attempt,
      int maxAttempts,
      String jobId,
      String clientJobId,
      long seed,
      String rootJobId) {}

  /**
   * A person's review of one variant.
   *
   * @param decision {@code pending} (QC asked for a review), {@code approved} or {@code rejected}
   * @param reasons on {@code pending}: QC's reasons
   * @param reviewer, note on a decision: who decided and why
   * @param hold {@code likeness} when the content policy holds the variant: a face in it resembles
   *     a protected person's. Nobody but ops may download it, and only ops decide on it, until ops
   *     approve it; the hold stays on the decision, so a rejection keeps it withheld. Null
   *     otherwise.
   */
  public record Review(
      int variant,
      String decision,
      List<String> reasons,
      String reviewer,
      String note,
      String hold) {

    public static final String LIKENESS = "likeness";

    public Review(
        int variant, String decision, List<String> reasons, String reviewer, String note) {
      this(variant, decision, reasons, reviewer, note, null);
    }

    /** Withheld from everyone but ops: held by the content policy and not (yet) approved. */
    public boolean withheld() {
      return hold != null && !"approved".equals(decision);
    }
  }

  /**
   * Where a queued job stands with the scheduler.
   *
   * @param position 1 for the job whose next shard starts first in its priority class
   * @param estimatedStart, estimatedFinish null while nothing can start it (see {@code blockedBy})
   * @param blockedBy why the studio may not start shards now (GPU cap, budget, no GPU), or null
   */
  public record Queue(
      String priority,
      int position,
      int queuedShards,
      int runningShards,
      Instant estimatedStart,
      Instant estimatedFinish,
      String blockedBy) {}

  /**
   * A command applied to the job.
   *
   * @param by the caller's principal
   * @param priority the job's priority after the command
   */
  public record Control(
      String commandId, String by, String priority, int droppedShards, int stoppingShards) {}

  /**
   * The content policy's decision on a request.
   *
   * @param version the lists and actions decided with ({@code <label>@<hash>}, plus the studio's
   *     overlay when it has one): storage keeps each version under {@code policy/versions/}
   * @param action {@code allow}, {@code review} or {@code block}: the strongest of the findings'
   * @param findings every listed term found, allowed ones included
   */
  public record Policy(String version, String action, List<PolicyFinding> findings) {}

  /**
   * One listed term found in a prompt.
   *
   * @param field the prompt it is in ({@code shots[1].beats[0].prompt})
   * @param start, end where, in UTF-16 units of that prompt as normalised (the accepted spec's)
   * @param text what the prompt says there
   * @param term the listed term it matched
   * @param rule the list and line ({@code builtin:sexual.txt:4}, {@code
   *     storage:policy/studios/acme/lists/likeness.txt:2}) and what decided the action
   */
  public record PolicyFinding(
      String category,
      String action,
      String field,
      int start,
      int end,
      String text,
      String term,
      String rule) {}

  /**
   * The next version of a shot, made from a rejected take and the director's edit.
   *
   * @param version its number: 2 for v002 (the job first submitted is v001)
   * @param jobId, clientJobId its job ({@code <shot>/v002}: the shot's root clientJobId, then the
   *     version)
   * @param fromVariant the take that was rejected
   * @param changes what the edit changed, field to its new value ({@code shots[0].form.camera}:
   *     {@code close-up})
   * @param by, note who asked (from their credentials) and why
   * @param editId a digest of the job, take and edit: asking again makes no second version
   */
  public record Version(
      int version,
      String jobId,
      String clientJobId,
      int fromVariant,
      Map<String, String> changes,
      String by,
      String note,
      String editId) {}

  /**
   * The take a director chose for a shot: the one the sequence's cut, animatic and editorial
   * timeline use. A later choice for the same shot (on any of its versions) replaces it.
   *
   * @param shot the shot the job is a version of (the v001 job's clientJobId)
   * @param sequence the job's {@code sequence} label, or null when it belongs to none
   * @param version of the shot (1 for the job first submitted)
   * @param variant the chosen take of that version
   * @param by, note who chose (from their credentials) and why
   */
  public record Take(
      String shot, String sequence, int version, int variant, String by, String note) {}

  public static JobEvent of(JobEventType type, String jobId, String studio, Instant at) {
    return new Copy(SCHEMA_VERSION, type, jobId, studio, at).build();
  }

  public JobEvent withStage(Stage s) {
    return copy().stage(s).build();
  }

  public JobEvent withSpec(JobSpec s) {
    return copy().spec(s).build();
  }

  public JobEvent withErrors(List<FieldError> e) {
    return copy().errors(e).build();
  }

  public JobEvent withShard(ShardRef s) {
    return copy().shard(s).build();
  }

  public JobEvent withProgress(Progress p) {
    return copy().progress(p).build();
  }

  public JobEvent withReason(String r) {
    return copy().reason(r).build();
  }

  public JobEvent withOutputs(List<VariantOutput> o) {
    return copy().outputs(o).build();
  }

  public JobEvent withArtifacts(Map<String, String> a) {
    return copy().artifacts(a).build();
  }

  public JobEvent withRegeneration(Regeneration r) {
    return copy().regeneration(r).build();
  }

  public JobEvent withReview(Review r) {
    return copy().review(r).build();
  }

  public JobEvent withSubmission(String id) {
    return copy().submissionId(id).build();
  }

  public JobEvent withUsage(GpuUsage u) {
    return copy().usage(u).build();
  }

  public JobEvent withQueue(Queue q) {
    return copy().queue(q).build();
  }

  public JobEvent withControl(Control c) {
    return copy().control(c).build();
  }

  public JobEvent withPolicy(Policy p) {
    return copy().policy(p).build();
  }

  public JobEvent withVersion(Version v) {
    return copy().version(v).build();
  }

  public JobEvent withTake(Take t) {
    return copy().take(t).build();
  }

  private Copy copy() {
    Copy c = new Copy(schemaVersion, type, jobId, studio, at);
    c.stage = stage;
    c.spec = spec;
    c.errors = errors;
    c.shard = shard;
    c.progress = progress;
    c.reason = reason;
    c.outputs = outputs;
    c.artifacts = artifacts;
    c.regeneration = regeneration;
    c.review = review;
    c.submissionId = submissionId;
    c.usage = usage;
    c.queue = queue;
    c.control = control;
    c.policy = policy;
    c.version = version;
    c.take = take;
    return c;
  }

  /** The one place an event is put together field by field: every wither changes one section. */
  private static final class Copy {
    private final int schemaVersion;
    private final JobEventType type;
    private final String jobId;
    private final String studio;
    private final Instant at;
    private Stage stage;
    private JobSpec spec;
    private List<FieldError> errors;
    private ShardRef shard;
    private Progress progress;
    private String reason;
    private List<VariantOutput> outputs;
    private Map<String, String> artifacts;
    private Regeneration regeneration;
    private Review review;
    private String submissionId;
    private GpuUsage usage;
    private Queue queue;
    private Control control;
    private Policy policy;
    private Version version;
    private Take take;

    Copy(int schemaVersion, JobEventType type, String jobId, String studio, Instant at) {
      this.schemaVersion = schemaVersion;
      this.type = type;
      this.jobId = jobId;
      this.studio = studio;
      this.at = at;
    }

    Copy stage(Stage v) {
      stage = v;
      return this;
    }

    Copy spec(JobSpec v) {
      spec = v;
      return this;
    }

    Copy errors(List<FieldError> v) {
      errors = v;
      return this;
    }

    Copy shard(ShardRef v) {
      shard = v;
      return this;
    }

    Copy progress(Progress v) {
      progress = v;
      return this;
    }

    Copy reason(String v) {
      reason = v;
      return this;
    }

    Copy outputs(List<VariantOutput> v) {
      outputs = v;
      return this;
    }

    Copy artifacts(Map<String, String> v) {
      artifacts = v;
      return this;
    }

    Copy regeneration(Regeneration v) {
      regeneration = v;
      return this;
    }

    Copy review(Review v) {
      review = v;
      return this;
    }

    Copy submissionId(String v) {
      submissionId = v;
      return this;
    }

    Copy usage(GpuUsage v) {
      usage = v;
      return this;
    }

    Copy policy(Policy v) {
      policy = v;
      return this;
    }

    Copy queue(Queue v) {
      queue = v;
      return this;
    }

    Copy control(Control v) {
      control = v;
      return this;
    }

    Copy version(Version v) {
      version = v;
      return this;
    }

    Copy take(Take v) {
      take = v;
      return this;
    }

    JobEvent build() {
      return new JobEvent(
          schemaVersion,
          type,
          jobId,
          studio,
          at,
          stage,
          spec,
          errors,
          shard,
          progress,
          reason,
          outputs,
          artifacts,
          regeneration,
          review,
          submissionId,
          usage,
          queue,
          control,
          policy,
          version,
          take);
    }
  }
}
