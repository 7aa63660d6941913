package io.previs.gateway.reviews;

import io.previs.contracts.job.JobEvent.Review;
import io.previs.contracts.job.JobEvent.VariantOutput;
import io.previs.gateway.audit.AuditLog;
import io.previs.gateway.input.InvalidRequestException;
import io.previs.gateway.input.PolicyDecision;
import io.previs.gateway.input.StrictJson;
import io.previs.gateway.jobs.Downloads;
import io.previs.gateway.jobs.JobView;
import io.previs.gateway.jobs.StudioScope;
import io.previs.gateway.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
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

/**
 * The human side of QC: clips QC flagged for review, and a person's decision on a variant, recorded
 * under the caller's own identity. A decision is an event on previs.jobs.events like any other, so
 * dashboards and the job's own event stream see it.
 */
@RestController
@Tag(name = "reviews")
class ReviewsController {

  private final StudioScope scope;
  private final ReviewDecisions decisions;
  private final Downloads downloads;
  private final StrictJson json;
  private final AuditLog audit;
  private final HeldTakes heldTakes;

  ReviewsController(
      StudioScope scope,
      ReviewDecisions decisions,
      Downloads downloads,
      StrictJson json,
      AuditLog audit,
      HeldTakes heldTakes) {
    this.scope = scope;
    this.decisions = decisions;
    this.downloads = downloads;
    this.json = json;
    this.audit = audit;
    this.heldTakes = heldTakes;
  }

  @Operation(summary = "Variants QC flagged for a person, newest job first, in the caller's studio")
  @GetMapping(path = "/v1/reviews", produces = MediaType.APPLICATION_JSON_VALUE)
  List<PendingReview> pending(
      @RequestParam(required = false) String studio, @RequestParam(defaultValue = "50") int limit) {
    if (limit < 1 || limit > 1000) {
      throw new ResponseStatusException(
          HttpStatus.BAD_REQUEST, "limit: " + limit + " is outside 1..1000");
    }
    Caller caller = Caller.require();
    String only;
    try {
      only = StudioScope.studioFilter(caller, studio);
    } catch (IllegalArgumentException e) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    Instant expires = downloads.expiresAt();
    return scope
        .visible(caller, only)
        .sorted(
            Comparator.comparing(
                JobView::submittedAt, Comparator.nullsLast(Comparator.reverseOrder())))
        .flatMap(
            job ->
                job.reviews().stream()
                    .filter(r -> "pending".equals(r.decision()))
                    .map(r -> pending(job, r, expires, caller)))
        .limit(limit)
        .toList();
  }

  private PendingReview pending(JobView job, Review r, Instant expires, Caller caller) {
    VariantOutput o =
        job.outputs().stream().filter(v -> v.variant() == r.variant()).findFirst().orElse(null);
    boolean withheld = Downloads.withheld(job, r.variant(), caller) != null;
    return new PendingReview(
        job.jobId(),
        job.studio(),
        job.clientJobId(),
        r.variant(),
        o == null ? 0 : o.seed(),
        r.reasons(),
        withheld ? null : downloads.link(o == null ? null : o.videoKey()),
        withheld ? null : downloads.link(o == null ? null : o.posterKey()),
        downloads.link(o == null ? null : o.reportKey()),
        expires,
        r.hold());
  }

  @Operation(
      summary = "Record the caller's decision on a variant",
      description =
          "Body: {\"decision\": \"approved\" | \"rejected\", \"note\": \"…\"}. The reviewer is the"
              + " caller (API key name or token subject). Any delivered variant can be judged,"
              + " not only those QC flagged; a later decision replaces an earlier one.")
  @ApiResponse(responseCode = "200", description = "The recorded review")
  @ApiResponse(responseCode = "400", description = "Problem details naming each invalid field")
  @ApiResponse(
      responseCode = "403",
      description = "The content policy holds the variant (a protected likeness): ops decide")
  @ApiResponse(responseCode = "409", description = "The variant has no clip yet")
  @PostMapping(
      path = "/v1/jobs/{jobId}/variants/{variant}/review",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  Review decide(
      @PathVariable String jobId,
      @PathVariable int variant,
      @RequestBody byte[] body,
      @RequestHeader(name = "X-Correlation-Id", required = false) String correlationId,
      HttpServletRequest request) {
    Caller caller = Caller.require();
    JobView job = scope.require(caller, jobId);
    String target = jobId + "/v" + variant;
    heldTakes.refuse(caller, request, job, variant, "review.record");
    ReviewDecisions.Decision d =
        ReviewDecisions.decide(job, variant, json.parseObject(body), caller.name());
    return switch (d.outcome()) {
      case INVALID -> {
        audit.http(
            caller,
            request,
            "review.record",
            target,
            AuditLog.REJECTED,
            400,
            d.errors().toString());
        throw new InvalidRequestException(jobId, d.errors(), "Invalid review");
      }
      case NO_CLIP -> {
        audit.http(caller, request, "review.record", target, AuditLog.REJECTED, 409, "no clip yet");
        throw new ResponseStatusException(
            HttpStatus.CONFLICT, "variant " + variant + " of job " + jobId + " has no clip yet");
      }
      case RECORDED -> {
        decisions.record(job, d, correlationId);
        audit.http(
            caller, request, "review.record", target, AuditLog.ALLOWED, 200, d.review().decision());
        yield d.review();
      }
    };
  }

  @Operation(
      summary = "Ops' decision on a variant the content policy held (a protected likeness)",
      description =
          "Body {\"decision\": \"approve\" | \"reject\", \"note\": \"…\"} (note up to 2000"
              + " characters; required to reject). Approve: the studio gets the variant's links"
              + " and may review it as any other. Reject: it stays withheld from everyone but ops."
              + " Ops only; a decision replaces an earlier one.")
  @ApiResponse(responseCode = "200", description = "The recorded decision, with its hold")
  @ApiResponse(responseCode = "400", description = "decision or note missing or wrong")
  @ApiResponse(responseCode = "409", description = "The content policy does not hold the variant")
  @PostMapping(
      path = "/v1/jobs/{jobId}/variants/{variant}/policy-review",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  Review policyReview(
      @PathVariable String jobId,
      @PathVariable int variant,
      @RequestBody byte[] body,
      @RequestHeader(name = "X-Correlation-Id", required = false) String correlationId,
      HttpServletRequest request) {
    Caller caller = Caller.require();
    JobView job = scope.require(caller, jobId);
    PolicyDecision decided = PolicyDecision.parse(json.parseObject(body), jobId);
    String target = jobId + "/v" + variant;
    Review held =
        job.reviews().stream()
            .filter(r -> r.variant() == variant && r.hold() != null)
            .findFirst()
            .orElse(null);
    if (held == null) {
      audit.http(
          caller, request, "variant.policy-review", target, AuditLog.REJECTED, 409, "not held");
      throw new ResponseStatusException(
          HttpStatus.CONFLICT,
          "variant " + variant + " of job " + jobId + " is not held by the content policy");
    }
    Review r =
        new Review(
            variant,
            decided.approve() ? "approved" : "rejected",
            held.reasons(),
            caller.name(),
            decided.note(),
            held.hold());
    decisions.record(
        job,
        new ReviewDecisions.Decision(ReviewDecisions.Outcome.RECORDED, r, List.of()),
        correlationId);
    audit.http(
        caller,
        request,
        "variant.policy-review",
        target,
        AuditLog.ALLOWED,
        200,
        r.decision() + " (" + r.hold() + ")");
    return r;
  }
}
