package io.previs.gateway.intake;

import io.previs.contracts.topics.Topics;
import io.previs.gateway.input.InvalidRequestException;
import io.previs.gateway.input.StrictJson;
import io.previs.servicekit.kafka.EventPublisher;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Submission over REST. */
@RestController
class SubmissionsController {

  private final Admission admission;
  private final EventPublisher publisher;

  SubmissionsController(Admission admission, EventPublisher publisher) {
    this.admission = admission;
    this.publisher = publisher;
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
      path = "/v1/jobs",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<SubmitResponse> submit(
      @org.springframework.web.bind.annotation.RequestBody byte[] body,
      @RequestHeader(name = "X-Correlation-Id", required = false) String correlationId) {
    var tree = StrictJson.object(body);
    var decision = admission.decide(tree);
    String correlation = correlationId != null ? correlationId : UUID.randomUUID().toString();
    switch (decision.outcome()) {
      case REJECTED -> {
        admission.record(decision, correlation);
        throw new InvalidRequestException(
            decision.jobId(), decision.errors(), "Invalid render request");
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

  private static Map<String, String> links(String jobId) {
    return Map.of(
        "self", "/v1/jobs/" + jobId, "events", "/v1/jobs/" + jobId + "/events", "jobs", "/v1/jobs");
  }
}
