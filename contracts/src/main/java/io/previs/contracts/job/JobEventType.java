package io.previs.contracts.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What happened to a job; the wire name is also the CloudEvents type suffix. */
public enum JobEventType {
  ACCEPTED("accepted"),
  REJECTED("rejected"),
  DUPLICATE("duplicate"),
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
  REVIEW_RECORDED("review.recorded");

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
