package io.previs.contracts.topics;

import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.RenderRequest;
import io.previs.contracts.qc.QcEvent;
import io.previs.contracts.shard.ShardRendered;
import io.previs.contracts.shard.ShardTask;
import io.previs.contracts.video.VideoReady;
import java.time.Duration;
import java.util.List;

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

  public static final Topic<ShardTask> SHARDS_QUEUED =
      new Topic<>(
          "previs.shards.queued",
          ShardTask.class,
          "shard id",
          12,
          Duration.ofDays(7),
          "previs.shard.queued",
          "One record per shard (shot × variant) to render; consumed by the GPU pool as a share "
              + "group, so the pool may hold more workers than partitions.");

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

  private Topics() {}

  public static List<Topic<?>> all() {
    return List.of(
        JOBS_SUBMIT,
        JOBS_INTAKE,
        JOBS_EVENTS,
        SHARDS_QUEUED,
        SHARDS_RENDERED,
        VIDEOS_READY,
        QC_EVENTS);
  }
}
