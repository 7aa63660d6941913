package io.previs.gateway.reviews;

import io.previs.contracts.job.JobEvent.Review;
import io.previs.contracts.job.JobEvent.VariantOutput;
import io.previs.gateway.input.InvalidRequestException;
import io.previs.gateway.input.StrictJson;
import io.previs.gateway.jobs.Downloads;
import io.previs.gateway.jobs.JobProjection;
import io.previs.gateway.jobs.JobView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Instant;
import java.util.ArrayList;
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
 * The human side of QC: clips QC flagged for review, and a person's decision on a variant. A
 * decision is an event on previs.jobs.events like any other, so dashboards and the job's own event
 * stream see it.
 */
@RestController
class ReviewsController {

  private final JobProjection projection;
  private final ReviewDecisions decisions;
  private final Downloads downloads;

  ReviewsController(JobProjection projection, ReviewDecisions decisions, Downloads downloads) {
    this.projection = projection;
    this.decisions = decisions;
    this.downloads = downloads;
  }

  @Operation(summary = "Variants QC flagged for a person, newest job first, optionally by studio")
  @GetMapping(path = "/v1/reviews", produces = MediaType.APPLICATION_JSON_VALUE)
  List<PendingReview> pending(
      @RequestParam(required = false) String studio, @RequestParam(defaultValue = "50") int limit) {
    if (limit < 1 || limit > 1000) {
      throw new ResponseStatusException(
          HttpStatus.BAD_REQUEST, "limit: " + limit + " is outside 1..1000");
    }
    Instant expires = downloads.expiresAt();
    List<PendingReview> out = new ArrayList<>();
    for (JobView job : projection.list(studio, null, Integer.MAX_VALUE)) {
      for (Review r : job.reviews()) {
        if (!"pending".equals(r.decision()) || out.size() >= limit) {
          continue;
        }
        VariantOutput o =
            job.outputs().stream().filter(v -> v.variant() == r.variant()).findFirst().orElse(null);
        out.add(
            new PendingReview(
                job.jobId(),
                job.studio(),
                job.clientJobId(),
                r.variant(),
                o == null ? 0 : o.seed(),
                r.reasons(),
                downloads.link(o == null ? null : o.videoKey()),
                downloads.link(o == null ? null : o.posterKey()),
                downloads.link(o == null ? null : o.reportKey()),
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
            .findFresh(jobId)
            .orElseThrow(
                () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no job " + jobId));
    ReviewDecisions.Decision d = ReviewDecisions.decide(job, variant, StrictJson.object(body));
    return switch (d.outcome()) {
      case INVALID -> throw new InvalidRequestException(jobId, d.errors(), "Invalid review");
      case NO_CLIP ->
          throw new ResponseStatusException(
              HttpStatus.CONFLICT, "variant " + variant + " of job " + jobId + " has no clip yet");
      case RECORDED -> {
        decisions.record(job, d, correlationId);
        yield d.review();
      }
    };
  }
}
