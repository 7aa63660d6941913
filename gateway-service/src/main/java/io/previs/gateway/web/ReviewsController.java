package io.previs.gateway.web;

import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEvent.FieldError;
import io.previs.contracts.job.JobEvent.Review;
import io.previs.contracts.job.JobEvent.VariantOutput;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.Stage;
import io.previs.gateway.intake.RenderRequestParser;
import io.previs.gateway.jobs.JobProjection;
import io.previs.gateway.jobs.JobView;
import io.previs.servicekit.kafka.EventPublisher;
import io.previs.servicekit.storage.ObjectStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.JsonNode;

/**
 * The human side of QC: clips QC flagged for review, and a person's decision on a variant. A
 * decision is an event on previs.jobs.events like any other, so dashboards and the job's own event
 * stream see it.
 */
@RestController
class ReviewsController {

  static final int MAX_REVIEWER = 128;
  static final int MAX_NOTE = 2000;
  static final Set<String> DECISIONS = Set.of("approved", "rejected");

  private final JobProjection projection;
  private final EventPublisher publisher;
  private final ObjectStore store;

  ReviewsController(JobProjection projection, EventPublisher publisher, ObjectStore store) {
    this.projection = projection;
    this.publisher = publisher;
    this.store = store;
  }

  /** A variant waiting for a person, with links to look at it. */
  record PendingReview(
      String jobId,
      String studio,
      String clientJobId,
      int variant,
      long seed,
      List<String> reasons,
      String video,
      String poster,
      String qcReport,
      Instant linksExpireAt) {}

  @Operation(summary = "Variants QC flagged for a person, newest job first, optionally by studio")
  @GetMapping(path = "/v1/reviews", produces = MediaType.APPLICATION_JSON_VALUE)
  List<PendingReview> pending(
      @RequestParam(required = false) String studio, @RequestParam(defaultValue = "50") int limit) {
    if (limit < 1 || limit > 1000) {
      throw new ResponseStatusException(
          HttpStatus.BAD_REQUEST, "limit: " + limit + " is outside 1..1000");
    }
    Instant expires = Instant.now().plus(store.presignExpiry());
    List<PendingReview> out = new ArrayList<>();
    for (JobView job : projection.list(studio, null, Integer.MAX_VALUE)) {
      for (Review r : job.reviews()) {
        if (!"pending".equals(r.decision()) || out.size() >= limit) {
          continue;
        }
        VariantOutput o = output(job, r.variant());
        out.add(
            new PendingReview(
                job.jobId(),
                job.studio(),
                job.clientJobId(),
                r.variant(),
                o == null ? 0 : o.seed(),
                r.reasons(),
                presign(o == null ? null : o.videoKey()),
                presign(o == null ? null : o.posterKey()),
                presign(o == null ? null : o.reportKey()),
                expires));
      }
    }
    return out;
  }

  @Operation(
      summary = "Record a person's decision on a variant",
      description =
          "Body: {\"decision\": \"approved\" | \"rejected\", \"reviewer\": \"…\", \"note\": \"…\"}."
              + " Any delivered variant can be judged, not only those QC flagged; a later decision"
              + " replaces an earlier one.")
  @ApiResponse(responseCode = "200", description = "The recorded review")
  @ApiResponse(responseCode = "400", description = "Problem details naming each invalid field")
  @ApiResponse(responseCode = "404", description = "No such job")
  @ApiResponse(responseCode = "409", description = "The variant has no clip yet")
  @PostMapping(
      path = "/v1/jobs/{jobId}/variants/{variant}/review",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  Review decide(
      @PathVariable String jobId,
      @PathVariable int variant,
      @RequestBody byte[] body,
      @RequestHeader(name = "X-Correlation-Id", required = false) String correlationId) {
    JobView job =
        projection
            .find(jobId)
            .orElseThrow(
                () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no job " + jobId));
    JsonNode n = RenderRequestParser.tree(body);
    List<FieldError> errors = new ArrayList<>();
    int variants = job.spec() == null ? 0 : job.spec().variants();
    if (variant < 0 || variant >= variants) {
      errors.add(
          new FieldError(
              "variant", variant + " is outside 0.." + (variants - 1) + " for this job"));
    }
    String decision = text(n, "decision");
    if (decision == null || !DECISIONS.contains(decision)) {
      errors.add(new FieldError("decision", "must be approved or rejected"));
    }
    String reviewer = text(n, "reviewer");
    if (reviewer == null || reviewer.isBlank() || reviewer.length() > MAX_REVIEWER) {
      errors.add(new FieldError("reviewer", "must be 1 to " + MAX_REVIEWER + " characters"));
    }
    String note = text(n, "note");
    if (note != null && note.length() > MAX_NOTE) {
      errors.add(
          new FieldError("note", note.length() + " characters exceed the limit of " + MAX_NOTE));
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(jobId, errors, "Invalid review");
    }
    VariantOutput o = output(job, variant);
    if (o == null || o.videoKey() == null) {
      throw new ResponseStatusException(
          HttpStatus.CONFLICT, "variant " + variant + " of job " + jobId + " has no clip yet");
    }
    Review review = new Review(variant, decision, null, reviewer.strip(), note);
    JobEvent event =
        JobEvent.of(JobEventType.REVIEW_RECORDED, jobId, job.studio(), Instant.now())
            .withStage(Stage.QC)
            .withReview(review)
            .withReason("variant " + variant + " " + decision + " by " + reviewer.strip());
    publisher.publishJobEvent(event, correlationId == null ? jobId : correlationId);
    projection.apply(event);
    return review;
  }

  private static VariantOutput output(JobView job, int variant) {
    return job.outputs().stream().filter(o -> o.variant() == variant).findFirst().orElse(null);
  }

  private String presign(String key) {
    return key == null ? null : store.presignGet(key);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || !v.isString() ? null : v.asString();
  }
}
