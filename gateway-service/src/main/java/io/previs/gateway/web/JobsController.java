package io.previs.gateway.web;

import io.previs.contracts.job.JobEvent.VariantOutput;
import io.previs.contracts.topics.Topics;
import io.previs.gateway.intake.Admission;
import io.previs.gateway.intake.RenderRequestParser;
import io.previs.gateway.jobs.JobProjection;
import io.previs.gateway.jobs.JobStatus;
import io.previs.gateway.jobs.JobView;
import io.previs.servicekit.kafka.EventPublisher;
import io.previs.servicekit.storage.ObjectStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The job API: submit, look up, list. Progress streams live in {@link JobEventsController}. */
@RestController
@RequestMapping("/v1/jobs")
class JobsController {

  private final Admission admission;
  private final JobProjection projection;
  private final EventPublisher publisher;
  private final ObjectStore store;

  JobsController(
      Admission admission, JobProjection projection, EventPublisher publisher, ObjectStore store) {
    this.admission = admission;
    this.projection = projection;
    this.publisher = publisher;
    this.store = store;
  }

  @Operation(
      summary = "Submit a render job",
      description =
          "Validates the request against the model and the gateway's limits, then queues it "
              + "on previs.jobs.submit. Resubmitting the same (studio, clientJobId) renders nothing new.",
      requestBody = @RequestBody(description = "A RenderRequest (see docs/asyncapi.yaml)"))
  @ApiResponse(responseCode = "202", description = "Queued for intake")
  @ApiResponse(
      responseCode = "200",
      description = "A resubmission of a known job; nothing new is rendered")
  @ApiResponse(
      responseCode = "400",
      description = "RFC 9457 problem details listing every invalid field")
  @PostMapping(
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<SubmitResponse> submit(
      @org.springframework.web.bind.annotation.RequestBody byte[] body,
      @RequestHeader(name = "X-Correlation-Id", required = false) String correlationId) {
    var tree = RenderRequestParser.tree(body);
    var decision = admission.decide(tree);
    String correlation = correlationId != null ? correlationId : UUID.randomUUID().toString();
    switch (decision.outcome()) {
      case REJECTED -> {
        admission.record(decision, correlation);
        throw new InvalidRequestException(decision.jobId(), decision.errors());
      }
      case DUPLICATE -> {
        admission.record(decision, correlation);
        return ResponseEntity.ok(
            new SubmitResponse(decision.jobId(), "duplicate", links(decision.jobId())));
      }
      default -> {
        // Queue the request itself: the Kafka intake admits it, exactly as for any studio client.
        publisher.forwardAndWait(
            Topics.JOBS_SUBMIT, decision.jobId(), tree, "rest", decision.jobId(), correlation);
        return ResponseEntity.status(HttpStatus.ACCEPTED)
            .body(new SubmitResponse(decision.jobId(), "submitted", links(decision.jobId())));
      }
    }
  }

  @Operation(
      summary = "A job's state, progress and (once post-processed) short-lived download links")
  @GetMapping(path = "/{jobId}", produces = MediaType.APPLICATION_JSON_VALUE)
  JobResource get(@PathVariable String jobId) {
    JobView job =
        projection
            .find(jobId)
            .orElseThrow(
                () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no job " + jobId));
    List<JobResource.VariantLinks> links = job.outputs().stream().map(this::links).toList();
    Map<String, String> artifacts = new java.util.TreeMap<>();
    job.artifacts().forEach((name, key) -> artifacts.put(name, store.presignGet(key)));
    return new JobResource(job, links, artifacts, Instant.now().plus(store.presignExpiry()));
  }

  @Operation(summary = "Recent jobs, newest first, optionally by studio and status")
  @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
  List<JobView> list(
      @RequestParam(required = false) String studio,
      @RequestParam(required = false) String status,
      @RequestParam(defaultValue = "50") int limit) {
    JobStatus s = null;
    if (status != null) {
      try {
        s = JobStatus.valueOf(status.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ResponseStatusException(
            HttpStatus.BAD_REQUEST,
            "status: '"
                + status
                + "' is not one of "
                + List.of(JobStatus.values()).toString().toLowerCase(Locale.ROOT));
      }
    }
    if (limit < 1 || limit > 1000) {
      throw new ResponseStatusException(
          HttpStatus.BAD_REQUEST, "limit: " + limit + " is outside 1..1000");
    }
    return projection.list(studio, s, limit);
  }

  private JobResource.VariantLinks links(VariantOutput o) {
    return new JobResource.VariantLinks(
        o.variant(),
        o.seed(),
        o.videoKey() == null ? null : store.presignGet(o.videoKey()),
        o.posterKey() == null ? null : store.presignGet(o.posterKey()),
        o.reportKey() == null ? null : store.presignGet(o.reportKey()),
        o.verdict());
  }

  private static Map<String, String> links(String jobId) {
    return Map.of(
        "self", "/v1/jobs/" + jobId, "events", "/v1/jobs/" + jobId + "/events", "jobs", "/v1/jobs");
  }
}
