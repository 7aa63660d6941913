package io.previs.gateway.intake;

import io.previs.contracts.job.JobEvent;
import io.previs.gateway.GatewayProperties;
import io.previs.gateway.input.InvalidRequestException;
import io.previs.gateway.input.QuotaExceededException;
import io.previs.gateway.input.StrictJson;
import io.previs.gateway.scheduling.QuotaStore;
import io.previs.gateway.security.Caller;
import io.previs.gateway.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/**
 * Submission over REST. The request is queued for intake exactly as a Kafka submission is (one
 * writer of the decision events, one validation), and the answer waits for intake's decision: the
 * id it returns is the job's, and the job can be read (GET, SSE) on any replica from then on.
 */
@RestController
@Tag(name = "submissions")
class SubmissionsController {

  private final StrictJson json;
  private final PlatformSubmissions submissions;
  private final GatewayProperties props;
  private final QuotaStore quotas;

  SubmissionsController(
      StrictJson json,
      PlatformSubmissions submissions,
      GatewayProperties props,
      QuotaStore quotas) {
    this.quotas = quotas;
    this.json = json;
    this.submissions = submissions;
    this.props = props;
  }

  @Operation(
      summary = "Submit a render job",
      description =
          "Queues the request for intake and answers with intake's decision: 202 for a new job,"
              + " 200 when the (studio, clientJobId) already names a job (nothing new is rendered),"
              + " 400 with every invalid field. A request without a clientJobId is given one,"
              + " returned in the answer.",
      requestBody = @RequestBody(description = "A RenderRequest (see docs/asyncapi.yaml)"))
  @ApiResponse(responseCode = "202", description = "Accepted: a new job")
  @ApiResponse(
      responseCode = "200",
      description = "A resubmission of a known job; nothing new is rendered")
  @ApiResponse(
      responseCode = "400",
      description = "RFC 9457 problem details listing every invalid field, or malformed JSON")
  @ApiResponse(
      responseCode = "429",
      description =
          "The studio is at its queued-job limit (maxQueuedJobs, named in the body); retry after"
              + " Retry-After seconds")
  @ApiResponse(
      responseCode = "413",
      description = "The body is over previs.gateway.max-request-bytes")
  @ApiResponse(
      responseCode = "503",
      description = "Intake did not decide in time; retry with the clientJobId named")
  @PostMapping(
      path = "/v1/jobs",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<SubmitResponse> submit(
      @org.springframework.web.bind.annotation.RequestBody byte[] body,
      @RequestHeader(name = "X-Correlation-Id", required = false) String correlationId,
      HttpServletRequest http)
      throws InterruptedException {
    Caller caller = Caller.require();
    ObjectNode request = (ObjectNode) json.parseObject(body);
    String submissionId = "rest-" + UUID.randomUUID();
    Origin origin =
        new Origin(
            "rest",
            caller.studio(),
            caller.name(),
            caller.kind(),
            caller.has(Role.PLATFORM),
            http.getRemoteAddr());
    PlatformSubmissions.Decided decided =
        submissions.decide(request, submissionId, origin, correlationId);
    Submissions.Assigned assigned = decided.assigned();
    JobEvent decision = decided.decision();
    if (decision == null) {
      throw new IntakeTimeoutException(
          assigned.jobId(), assigned.clientJobId(), props.intakeTimeout());
    }
    String jobId = decision.jobId();
    return switch (decision.type()) {
      case ACCEPTED ->
          ResponseEntity.status(HttpStatus.ACCEPTED)
              .location(URI.create("/v1/jobs/" + jobId))
              .body(new SubmitResponse(jobId, assigned.clientJobId(), "accepted", links(jobId)));
      case POLICY_HELD ->
          ResponseEntity.status(HttpStatus.ACCEPTED)
              .location(URI.create("/v1/jobs/" + jobId))
              .body(new SubmitResponse(jobId, assigned.clientJobId(), "held", links(jobId)));
      case DUPLICATE ->
          ResponseEntity.ok()
              .location(URI.create("/v1/jobs/" + jobId))
              .body(new SubmitResponse(jobId, assigned.clientJobId(), "duplicate", links(jobId)));
      default -> {
        var overQuota =
            decision.errors() == null
                ? null
                : decision.errors().stream()
                    .filter(f -> f.field().equals(Admission.QUEUED_JOBS_FIELD))
                    .findFirst()
                    .orElse(null);
        if (overQuota != null) {
          throw new QuotaExceededException(
              jobId,
              "maxQueuedJobs",
              quotas.quota(assigned.request().get("studio").asString()).maxQueuedJobs(),
              quotas.retryAfter(),
              overQuota.message());
        }
        throw new InvalidRequestException(jobId, decision.errors(), "Invalid render request");
      }
    };
  }

  private static Map<String, String> links(String jobId) {
    return Map.of(
        "self", "/v1/jobs/" + jobId, "events", "/v1/jobs/" + jobId + "/events", "jobs", "/v1/jobs");
  }
}
