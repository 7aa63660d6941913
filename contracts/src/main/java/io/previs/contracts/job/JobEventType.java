package io.previs.contracts.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What happened to a job; the wire name is also the CloudEvents type suffix. */
public enum JobEventType {
  ACCEPTED("accepted"),
  REJECTED("rejected"),
  DUPLICATE("duplicate"),
  /**
   * The content policy holds the job for a person's review before any GPU time ({@code spec} is
   * what will render, {@code policy} why it is held); ops approve it ({@code accepted} follows) or
   * reject it ({@code rejected}).
   */
  POLICY_HELD("policy.held"),
  STAGE_STARTED("stage.started"),
  PROGRESS("stage.progress"),
  STAGE_COMPLETED("stage.completed"),
  FAILED("failed"),
  COMPLETED("completed"),
  /** QC failed a variant and asked for a new render of it with a new seed (another job). */
  REGENERATION_REQUESTED("regeneration.requested"),
  /** QC wants a person to look at a variant before the director does. */
  REVIEW_REQUESTED("review.requested"),
  /** A person's decision on a variant (approved or rejected), recorded through the gateway. */
  REVIEW_RECORDED("review.recorded"),
  /**
   * A rejection with edits made the shot's next version, a job of its own ({@code version}), on the
   * job whose take was rejected.
   */
  VERSION_CREATED("version.created"),
  /**
   * A director chose a take of the job for its shot ({@code take}): the sequence's cut uses it
   * until another take of the shot is chosen.
   */
  TAKE_SELECTED("take.selected"),
  /** The scheduler's estimate of the job's place in its class, start and finish changed. */
  QUEUE_UPDATED("queue.updated"),
  /** The job was cancelled (who and when in {@code control}); it is final. */
  CANCELLED("cancelled"),
  PAUSED("paused"),
  RESUMED("resumed"),
  PRIORITY_CHANGED("priority.changed"),
  /** One of the job's running shards made way for a higher-priority shard; it resumes later. */
  PREEMPTED("shard.preempted"),
  /**
   * A running shard stopped at a step boundary (cancel, pause, preempt, or its worker stopping),
   * its checkpoint stored; {@code usage} is what it has cost so far, every attempt.
   */
  SHARD_STOPPED("shard.stopped"),
  /**
   * A running shard's denoising step has taken far longer than that model's steps take on its
   * worker (its reason says how long, against what); the shard may be stuck in a native call. A
   * step that hangs past the worker's hang timeout also fails the worker's liveness probe, so
   * Kubernetes restarts it and the shard resumes elsewhere from its checkpoint.
   */
  SHARD_STALLED("shard.stalled"),
  /**
   * A service working on the job has found object storage not answering and is waiting it out
   * (retrying with back-off, up to its outage tolerance); nothing is lost meanwhile.
   */
  STORAGE_WAITING("storage.waiting"),
  /** Object storage answered again; the job goes on. */
  STORAGE_RECOVERED("storage.recovered");

  private final String wire;

  JobEventType(String wire) {
    this.wire = wire;
  }

  @JsonValue
  public String wire() {
    return wire;
  }

  @JsonCreator
  public static JobEventType parse(String s) {
    for (JobEventType t : values()) {
      if (t.wire.equals(s)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown job event type '" + s + "'");
  }
}
