package io.previs.gateway.intake;

import io.previs.contracts.job.JobEvent;
import io.previs.gateway.audit.AuditLog;
import io.previs.gateway.input.JobConflictException;
import io.previs.gateway.input.PolicyDecision;
import io.previs.gateway.input.StrictJson;
import io.previs.gateway.jobs.JobProjection;
import io.previs.gateway.jobs.JobStatus;
import io.previs.gateway.jobs.JobView;
import io.previs.gateway.jobs.StudioScope;
import io.previs.gateway.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ops' decision on a job the content policy held for review ({@code held}): nothing of it has
 * rendered; approved, it goes on to the encoder and the queue; rejected, it ends. Only ops may
 * decide, and the decision is audited with the policy version that held it.
 */
@RestController
@Tag(name = "jobs")
class PolicyReviewController {

  /** What was decided. */
  record PolicyReviewResponse(
      String jobId,
      String decision,
      String status,
      String policyVersion,
      Map<String, String> links) {}

  private final StudioScope scope;
  private final JobProjection projection;
  private final Admission admission;
  private final StrictJson json;
  private final AuditLog audit;

  PolicyReviewController(
      StudioScope scope,
      JobProjection projection,
      Admission admission,
      StrictJson json,
      AuditLog audit) {
    this.scope = scope;
    this.projection = projection;
    this.admission = admission;
    this.json = json;
    this.audit = audit;
  }

  @Operation(
      summary = "Decide on a job the content policy held",
      description =
          "Body {\"decision\": \"approve\" | \"reject\", \"note\": \"…\"} (note up to 2000"
              + " characters; required to reject). Approve: the job is accepted with the spec it"
              + " was held with and renders. Reject: the job ends rejected, naming who and why."
              + " Ops only.")
  @ApiResponse(responseCode = "200", description = "Decided; the job's status after it")
  @ApiResponse(responseCode = "400", description = "decision or note missing or wrong")
  @ApiResponse(responseCode = "404", description = "No such job")
  @ApiResponse(responseCode = "409", description = "The job is not held for policy review")
  @PostMapping(
      path = "/v1/jobs/{jobId}/policy-review",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<PolicyReviewResponse> review(
      @PathVariable String jobId,
      @RequestBody byte[] body,
      @RequestHeader(name = "X-Correlation-Id", required = false) String correlationId,
      HttpServletRequest http) {
    Caller caller = Caller.require();
    scope.require(caller, jobId);
    PolicyDecision decided = PolicyDecision.parse(json.parseObject(body), jobId);
    String note = decided.note();
    // A fresh read: another ops person (on another replica) may have decided a moment ago.
    JobView job = projection.findFresh(jobId).orElseThrow();
    if (job.status() != JobStatus.HELD) {
      audit.http(caller, http, "job.policy-review", jobId, AuditLog.REJECTED, 409, "not held");
      throw new JobConflictException(
          jobId,
          job.status().name().toLowerCase(Locale.ROOT),
          "job " + jobId + " is not held for policy review");
    }
    boolean approve = decided.approve();
    JobEvent e = admission.review(job, approve, caller.name(), note, correlationId);
    String version = job.policy() == null ? null : job.policy().version();
    audit.http(
        caller,
        http,
        "job.policy-review",
        jobId,
        AuditLog.ALLOWED,
        200,
        e.reason() + " (policy " + version + ")");
    return ResponseEntity.ok(
        new PolicyReviewResponse(
            jobId,
            approve ? "approved" : "rejected",
            approve ? "accepted" : "rejected",
            version,
            Map.of("self", "/v1/jobs/" + jobId, "events", "/v1/jobs/" + jobId + "/events")));
  }
}
