package io.previs.contracts.topics;

import io.previs.contracts.animatic.AnimaticEvent;
import io.previs.contracts.animatic.AnimaticRequest;
import io.previs.contracts.audit.AuditEvent;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.RenderRequest;
import io.previs.contracts.qc.QcEvent;
import io.previs.contracts.scheduling.PoolBacklog;
import io.previs.contracts.scheduling.SchedulerInput;
import io.previs.contracts.scheduling.ShardControl;
import io.previs.contracts.scheduling.StudioEvent;
import io.previs.contracts.scheduling.StudioQuota;
import io.previs.contracts.scheduling.WorkerDrain;
import io.previs.contracts.security.ApiKeyRecord;
import io.previs.contracts.shard.ShardRendered;
import io.previs.contracts.shard.ShardTask;
import io.previs.contracts.video.VideoReady;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** Every topic of the event flow. docs/ARCHITECTURE.md and docs/asyncapi.yaml describe the same. */
public final class Topics {

  public static final Topic<RenderRequest> JOBS_SUBMIT =
      new Topic<>(
          "previs.jobs.submit",
          RenderRequest.class,
          "anything (the gateway re-keys each record by job id onto previs.jobs.intake)",
          6,
          Duration.ofDays(7),
          "previs.job.submitted",
          "Render requests as plain JSON from studios (any Kafka client) and qc-service"
              + " (regenerations of failed clips).");

  /**
   * Submissions re-keyed by the job they are for, so that every submission of one job is decided by
   * one gateway thread, in order, whichever key the client used.
   */
  public static final Topic<RenderRequest> JOBS_INTAKE =
      new Topic<>(
          "previs.jobs.intake",
          RenderRequest.class,
          "job id (from studio and clientJobId)",
          6,
          Duration.ofDays(7),
          "previs.job.intake",
          "Internal to the gateway: every submission (REST, or a studio's record on"
              + " previs.jobs.submit under any key) keyed by its job id, which is what makes"
              + " acceptance once per job hold across partitions and gateway replicas.");

  /**
   * Render requests a studio writes to its own topic, {@code previs.jobs.submit.<studio>}: with
   * Kafka ACLs letting only the studio's principal write it, the topic says whose request it is, so
   * a body cannot claim another studio. The gateway subscribes to the family by pattern.
   */
  public static final String STUDIO_SUBMIT_PREFIX = "previs.jobs.submit.";

  public static final Pattern STUDIO_SUBMIT_PATTERN =
      Pattern.compile("previs\\.jobs\\.submit\\.[a-z0-9][a-z0-9-]{0,62}");

  public static String studioSubmit(String studio) {
    return STUDIO_SUBMIT_PREFIX + studio;
  }

  /** The studio a studio submit topic belongs to, or null for any other topic. */
  public static String studioOfSubmitTopic(String topic) {
    return topic != null && STUDIO_SUBMIT_PATTERN.matcher(topic).matches()
        ? topic.substring(STUDIO_SUBMIT_PREFIX.length())
        : null;
  }

  /**
   * Render requests the platform itself makes (QC's regenerations of failed clips): the only Kafka
   * source allowed to set {@code previs.*} labels and to submit for any studio, so only the
   * platform's principal may write it.
   */
  public static final Topic<RenderRequest> JOBS_REGENERATE =
      new Topic<>(
          "previs.jobs.regenerate",
          RenderRequest.class,
          "job id of the regeneration",
          6,
          Duration.ofDays(7),
          "previs.job.regenerate",
          "Render requests made by the platform (qc-service regenerating a failed clip), with the"
              + " lineage labels only the platform may set.");

  public static final Topic<JobEvent> JOBS_EVENTS =
      new Topic<>(
          "previs.jobs.events",
          JobEvent.class,
          "job id",
          6,
          Duration.ofDays(30),
          "previs.job",
          "The per-job event log: accepted, rejected, duplicate, stage started/progress/completed, "
              + "failed, completed. Job state is folded from it.");

  /**
   * Everything the scheduler acts on, in one ordered log: the encoder's planned shards, commands on
   * jobs (from the gateway) and workers' reports. One partition, so one scheduler instance owns it
   * (the others stand by) and it sees every input in one order.
   */
  public static final Topic<SchedulerInput> SCHEDULER_INBOX =
      new Topic<>(
          "previs.scheduler.inbox",
          SchedulerInput.class,
          "shard id, job id or worker id",
          1,
          Duration.ofDays(7),
          "previs.scheduler",
          "Input of the scheduler: shards planned by the encoder, job commands (cancel, pause,"
              + " resume, priority) forwarded by the gateway, and workers' heartbeats and shard"
              + " reports.");

  /**
   * A GPU pool's work queue, {@code previs.shards.queued.<pool>}: the scheduler releases a shard
   * into it only when a GPU of that pool is free, so it holds at most one shard per free GPU. The
   * pool's workers consume it as a share group.
   */
  public static final String SHARDS_QUEUED_PREFIX = "previs.shards.queued.";

  public static final Pattern POOL_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  /** A studio id: what may follow {@link #STUDIO_SUBMIT_PREFIX}. */
  public static final Pattern STUDIO_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  public static Topic<ShardTask> shardsQueued(String pool) {
    if (pool == null || !POOL_NAME.matcher(pool).matches()) {
      throw new IllegalArgumentException(
          "pool must be 1 to 63 of a-z, 0-9 and '-', starting with a letter or digit: " + pool);
    }
    return new Topic<>(
        SHARDS_QUEUED_PREFIX + pool,
        ShardTask.class,
        "shard id",
        3,
        Duration.ofDays(7),
        "previs.shard.queued",
        "The shards the scheduler released to one GPU pool, consumed by the pool's workers as a"
            + " share group.");
  }

  public static final Topic<ShardControl> WORKERS_CONTROL =
      new Topic<>(
          "previs.workers.control",
          ShardControl.class,
          "shard id",
          3,
          Duration.ofDays(1),
          "previs.shard.control",
          "The scheduler asks whoever holds a shard to stop it at its next step boundary (cancel,"
              + " pause, preempt); every worker reads every partition.");

  public static final Topic<WorkerDrain> WORKERS_DRAIN =
      new Topic<>(
          "previs.workers.drain",
          WorkerDrain.class,
          "worker",
          1,
          Duration.ofDays(36500),
          "previs.worker.drain",
          "The autoscaler asks a worker to take no new shard (and, past a grace, to hand back the"
              + " one in flight at a step boundary) before its pod is removed; every worker reads"
              + " it from the beginning.",
          true);

  public static final Topic<PoolBacklog> SCHEDULER_BACKLOG =
      new Topic<>(
          "previs.scheduler.backlog",
          PoolBacklog.class,
          "pool",
          1,
          Duration.ofDays(36500),
          "previs.scheduler.backlog",
          "Per GPU pool: GPUs, busy, pending shards and backlog GPU-seconds per priority class;"
              + " for ops dashboards and the autoscaler.",
          true);

  public static final Topic<StudioQuota> STUDIOS_QUOTAS =
      new Topic<>(
          "previs.studios.quotas",
          StudioQuota.class,
          "studio",
          1,
          Duration.ofDays(36500),
          "previs.studio.quota",
          "Each studio's weight, GPU cap, queued-job limit and daily and monthly GPU-second"
              + " budgets, set by ops through the gateway; read by the gateway and the scheduler.",
          true);

  public static final Topic<StudioEvent> STUDIOS_EVENTS =
      new Topic<>(
          "previs.studios.events",
          StudioEvent.class,
          "studio",
          3,
          Duration.ofDays(30),
          "previs.studio",
          "Studio-wide events: budget.warning (80 % of a daily or monthly GPU-second budget) and"
              + " budget.exhausted (no new shards start until the period turns or ops raise it).");

  public static final Topic<ShardRendered> SHARDS_RENDERED =
      new Topic<>(
          "previs.shards.rendered",
          ShardRendered.class,
          "job id",
          6,
          Duration.ofDays(7),
          "previs.shard.rendered",
          "A shard's frames are in object storage; keyed by job so one post-processor sees a job's "
              + "shards in order.");

  public static final Topic<VideoReady> VIDEOS_READY =
      new Topic<>(
          "previs.videos.ready",
          VideoReady.class,
          "job id",
          6,
          Duration.ofDays(7),
          "previs.video.ready",
          "A variant's final MP4 and poster are in object storage, with short-lived presigned links.");

  public static final Topic<QcEvent> QC_EVENTS =
      new Topic<>(
          "previs.qc.events",
          QcEvent.class,
          "job id",
          6,
          Duration.ofDays(30),
          "previs.qc",
          "One record per QC finding and one verdict per clip, for dashboards and review tools.");

  public static final Topic<AnimaticRequest> ANIMATICS_REQUESTED =
      new Topic<>(
          "previs.animatics.requested",
          AnimaticRequest.class,
          "animatic id",
          3,
          Duration.ofDays(7),
          "previs.animatic.requested",
          "A sequence's chosen takes in cut order, to be assembled into one animatic MP4 (gateway"
              + " to post-processing).");

  public static final Topic<AnimaticEvent> ANIMATICS_EVENTS =
      new Topic<>(
          "previs.animatics.events",
          AnimaticEvent.class,
          "animatic id",
          3,
          Duration.ofDays(30),
          "previs.animatic",
          "animatic.ready (the MP4 and its edit points) or animatic.failed (why), for dashboards and"
              + " review tools.");

  /** The audit log: kept long (a studio's security team reads a year back). */
  public static final Topic<AuditEvent> AUDIT =
      new Topic<>(
          "previs.audit",
          AuditEvent.class,
          "actor",
          3,
          Duration.ofDays(400),
          "previs.audit",
          "Every state-changing action and every denied attempt: actor, studio, action, target,"
              + " outcome, time, source address.");

  /**
   * Studio API keys (hashes only), compacted: the gateway replicas fold it into their key store.
   */
  public static final Topic<ApiKeyRecord> SECURITY_KEYS =
      new Topic<>(
          "previs.security.keys",
          ApiKeyRecord.class,
          "key id",
          1,
          Duration.ofDays(36500),
          "previs.security.key",
          "The state of every API key (bcrypt hash of the secret, studio, roles, created, rotated,"
              + " revoked, last used). Internal to the gateway.",
          true);

  private Topics() {}

  public static List<Topic<?>> all() {
    return List.of(
        JOBS_SUBMIT,
        JOBS_REGENERATE,
        JOBS_INTAKE,
        JOBS_EVENTS,
        SCHEDULER_INBOX,
        WORKERS_CONTROL,
        WORKERS_DRAIN,
        SCHEDULER_BACKLOG,
        STUDIOS_QUOTAS,
        STUDIOS_EVENTS,
        SHARDS_RENDERED,
        VIDEOS_READY,
        QC_EVENTS,
        ANIMATICS_REQUESTED,
        ANIMATICS_EVENTS,
        AUDIT,
        SECURITY_KEYS);
  }
}
