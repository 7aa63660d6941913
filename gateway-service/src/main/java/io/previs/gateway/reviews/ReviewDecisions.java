package io.previs.gateway.reviews;

import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEvent.FieldError;
import io.previs.contracts.job.JobEvent.Review;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.Stage;
import io.previs.gateway.input.Text;
import io.previs.gateway.jobs.JobProjection;
import io.previs.gateway.jobs.JobView;
import io.previs.servicekit.jobs.JobContext;
import io.previs.servicekit.kafka.EventPublisher;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Decides what a person's review of a variant becomes — recorded, refused for its fields, or
 * refused because the variant has no clip yet — and records it on the job's event log. The only
 * writer of {@code review.recorded} (and of {@code version.created}, a rejection's next version).
 */
@Component
public class ReviewDecisions {

  static final int MAX_NOTE = 2000;
  static final Set<String> DECISIONS = Set.of("approved", "rejected");

  public enum Outcome {
    RECORDED,
    INVALID,
    NO_CLIP
  }

  /**
   * @param review on RECORDED: what is recorded
   * @param errors on INVALID: every field problem
   */
  public record Decision(Outcome outcome, Review review, List<FieldError> errors) {}

  private final JobProjection projection;
  private final EventPublisher publisher;
  private final Clock clock;

  public ReviewDecisions(JobProjection projection, EventPublisher publisher) {
    this.projection = projection;
    this.publisher = publisher;
    this.clock = Clock.systemUTC();
  }

  /**
   * Pure: what the body asks for, checked against the job as it stands.
   *
   * @param reviewer who decides: the authenticated caller, never a name the body claims
   */
  public static Decision decide(JobView job, int variant, JsonNode body, String reviewer) {
    List<FieldError> errors = new ArrayList<>();
    FieldError range = outOfRange(job, variant);
    if (range != null) {
      errors.add(range);
    }
    String decision = text(body, "decision");
    if (decision == null || !DECISIONS.contains(decision)) {
      errors.add(new FieldError("decision", "must be approved or rejected"));
    }
    if (body.has("reviewer")) {
      errors.add(
          new FieldError("reviewer", "comes from your credentials; leave it out of the body"));
    }
    FieldError noteError = noteError(text(body, "note"));
    if (noteError != null) {
      errors.add(noteError);
    }
    String note = text(body, "note");
    if (!errors.isEmpty()) {
      return new Decision(Outcome.INVALID, null, List.copyOf(errors));
    }
    if (!hasClip(job, variant)) {
      return new Decision(Outcome.NO_CLIP, null, List.of());
    }
    return new Decision(
        Outcome.RECORDED, new Review(variant, decision, null, reviewer, note), List.of());
  }

  /** Publishes a recorded review on previs.jobs.events and applies it to the projection at once. */
  public void record(JobView job, Decision d, String correlationId) {
    if (d.outcome() != Outcome.RECORDED) {
      throw new IllegalArgumentException("only a recorded review is published, not " + d);
    }
    Review r = d.review();
    JobEvent event =
        JobEvent.of(JobEventType.REVIEW_RECORDED, job.jobId(), job.studio(), clock.instant())
            .withStage(Stage.QC)
            .withReview(r)
            .withReason("variant " + r.variant() + " " + r.decision() + " by " + r.reviewer());
    try (JobContext scope = JobContext.enter(job.jobId(), correlationId)) {
      publisher.publishJobEvent(event, correlationId == null ? job.jobId() : correlationId);
      projection.apply(event);
    }
  }

  /**
   * Publishes {@code version.created} on the job whose take was rejected, and applies it at once.
   * The only writer of {@code version.created}.
   */
  public void recordVersion(JobView job, JobEvent.Version v, String correlationId) {
    JobEvent event =
        JobEvent.of(JobEventType.VERSION_CREATED, job.jobId(), job.studio(), clock.instant())
            .withStage(Stage.QC)
            .withVersion(v)
            .withReason(
                "take "
                    + v.fromVariant()
                    + " rejected with edits by "
                    + v.by()
                    + ": version "
                    + v.version()
                    + " is job "
                    + v.jobId()
                    + " "
                    + v.changes());
    try (JobContext scope = JobContext.enter(job.jobId(), correlationId)) {
      publisher.publishJobEvent(event, correlationId == null ? job.jobId() : correlationId);
      projection.apply(event);
    }
  }

  /** The error of a variant the job does not have (by its spec), or null. */
  public static FieldError outOfRange(JobView job, int variant) {
    int variants = job.spec() == null ? 0 : job.spec().variants();
    return variant < 0 || variant >= variants
        ? new FieldError("variant", variant + " is outside 0.." + (variants - 1) + " for this job")
        : null;
  }

  /** What is wrong with a person's note on a take (too long, a control character), or null. */
  public static FieldError noteError(String note) {
    if (note != null && Text.length(note) > MAX_NOTE) {
      return new FieldError(
          "note", Text.length(note) + " characters exceed the limit of " + MAX_NOTE);
    }
    if (Text.controlCharacter(note, true) != null) {
      return new FieldError(
          "note", "contains the control character " + Text.controlCharacter(note, true));
    }
    return null;
  }

  /** Whether the variant was delivered: a take a person can judge or build on. */
  public static boolean hasClip(JobView job, int variant) {
    return job.outputs().stream().anyMatch(o -> o.variant() == variant && o.videoKey() != null);
  }

  /** The variant's review while the content policy withholds it (pending or rejected), or null. */
  public static Review heldReview(JobView job, int variant) {
    return job.reviews().stream()
        .filter(r -> r.variant() == variant && r.withheld())
        .findFirst()
        .orElse(null);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || !v.isString() ? null : v.asString();
  }
}
