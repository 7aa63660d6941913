package io.previs.gateway.versions;

import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEvent.FieldError;
import io.previs.contracts.job.JobEvent.Review;
import io.previs.contracts.job.JobLabels;
import io.previs.gateway.audit.AuditLog;
import io.previs.gateway.input.InvalidRequestException;
import io.previs.gateway.input.StrictJson;
import io.previs.gateway.intake.PlatformSubmissions;
import io.previs.gateway.jobs.JobView;
import io.previs.gateway.jobs.StudioScope;
import io.previs.gateway.reviews.HeldTakes;
import io.previs.gateway.reviews.ReviewDecisions;
import io.previs.gateway.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The director's "no, but": a take is rejected with an edit, and the edit becomes the shot's next
 * version (v001 → v002), a job of its own rendered and QC'd like any other, with its lineage on
 * both jobs: labels on the new one, {@code version.created} on the rejected one.
 */
@RestController
@Tag(name = "reviews")
class RevisionsController {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Set<String> FIELDS = Set.of("note", "edit");

  /**
   * @param status of the new version's job: {@code accepted}, {@code held} (the content policy
   *     holds it for ops) or {@code duplicate} (asked before: the version made then)
   */
  record RevisionResponse(
      String jobId,
      String clientJobId,
      int version,
      String status,
      Map<String, String> changes,
      Review review,
      Map<String, String> links) {}

  private final StudioScope scope;
  private final ReviewDecisions decisions;
  private final PlatformSubmissions submissions;
  private final StrictJson json;
  private final AuditLog audit;
  private final HeldTakes heldTakes;

  RevisionsController(
      StudioScope scope,
      ReviewDecisions decisions,
      PlatformSubmissions submissions,
      StrictJson json,
      AuditLog audit,
      HeldTakes heldTakes) {
    this.scope = scope;
    this.decisions = decisions;
    this.submissions = submissions;
    this.json = json;
    this.audit = audit;
    this.heldTakes = heldTakes;
  }

  @Operation(
      summary = "Reject a take with an edit: the shot's next version renders",
      description =
          "Body {\"note\": \"…\", \"edit\": {\"form\": {\"camera\": \"close-up\"}, \"prompt\": \"…\","
              + " \"negativePrompt\": \"…\", \"variants\": 4, \"seed\": 7, \"steps\": 30,"
              + " \"guidance\": 4.5, \"shot\": 0}} (at least one change; form or prompt, not"
              + " both; shot only for a job of several shots). The take is recorded rejected and"
              + " the edit is submitted as the shot's next version, <shot>/v002, with the rejected"
              + " job's spec otherwise (same seeds, size, length, model and labels). Asking again"
              + " with the same edit answers the version made then.")
  @ApiResponse(responseCode = "201", description = "The next version is a job")
  @ApiResponse(responseCode = "200", description = "Asked before: the version made then")
  @ApiResponse(
      responseCode = "400",
      description = "A field of the body, or of the version it makes, is invalid (each is named)")
  @ApiResponse(
      responseCode = "403",
      description = "The content policy holds the take (a protected likeness): ops decide first")
  @ApiResponse(responseCode = "409", description = "The take has no clip yet")
  @PostMapping(
      path = "/v1/jobs/{jobId}/variants/{variant}/reject-with-edits",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<RevisionResponse> reject(
      @PathVariable String jobId,
      @PathVariable int variant,
      @RequestBody byte[] body,
      @RequestHeader(name = "X-Correlation-Id", required = false) String correlationId,
      HttpServletRequest request)
      throws InterruptedException {
    Caller caller = Caller.require();
    JobView job = scope.require(caller, jobId);
    String target = jobId + "/v" + variant;
    JsonNode b = json.parseObject(body);
    List<FieldError> errors = new ArrayList<>();
    for (String name : b.propertyNames()) {
      if (!FIELDS.contains(name)) {
        errors.add(new FieldError(name, "is not a field of a rejection with edits (note, edit)"));
      }
    }
    ObjectNode asReview = JSON.createObjectNode().put("decision", "rejected");
    if (b.has("note")) {
      asReview.set("note", b.get("note"));
    }
    ReviewDecisions.Decision rejected =
        ReviewDecisions.decide(job, variant, asReview, caller.name());
    if (rejected.outcome() == ReviewDecisions.Outcome.INVALID) {
      errors.addAll(rejected.errors());
    }
    VersionEdit.Parsed parsed = VersionEdit.parse(b.get("edit"));
    errors.addAll(parsed.errors());
    if (!errors.isEmpty()) {
      audit.http(caller, request, "review.revise", target, AuditLog.REJECTED, 400, "" + errors);
      throw new InvalidRequestException(jobId, errors, "Invalid rejection with edits");
    }
    if (rejected.outcome() == ReviewDecisions.Outcome.NO_CLIP) {
      throw new ResponseStatusException(
          HttpStatus.CONFLICT, "variant " + variant + " of job " + jobId + " has no clip yet");
    }
    heldTakes.refuse(caller, request, job, variant, "review.revise");
    VersionEdit edit = parsed.edit();
    String editId = NextVersion.editId(job, variant, edit);
    JobEvent.Version before =
        job.versions().stream().filter(v -> editId.equals(v.editId())).findFirst().orElse(null);
    if (before != null) {
      return ResponseEntity.ok(response(before, "duplicate", rejected.review()));
    }
    String shot = Shots.shot(job);
    // Versions count per shot: another take of an earlier version may have been revised first. A
    // number whose job carries this very edit is this edit's version, made before its
    // version.created was written: asked again, it answers as a duplicate.
    int n =
        submissions.firstFree(
            job.studio(),
            Math.max(2, Shots.version(job) + 1),
            k -> Shots.clientJobId(shot, k),
            taken ->
                taken.spec() != null
                    && editId.equals(taken.spec().labels().get(JobLabels.VERSION_EDIT)));
    Object planned = NextVersion.plan(job, variant, edit, n, editId);
    if (planned instanceof List<?> l) {
      @SuppressWarnings("unchecked")
      List<FieldError> bad = (List<FieldError>) l;
      throw new InvalidRequestException(jobId, bad, "Invalid rejection with edits");
    }
    NextVersion.Plan plan = (NextVersion.Plan) planned;
    JobEvent decision = submissions.submit(plan.request(), caller, "review", correlationId);
    String status = Submitted.status(decision, caller, request, audit, "review.revise", target);
    JobEvent.Version v =
        new JobEvent.Version(
            n,
            decision.jobId(),
            plan.clientJobId(),
            variant,
            plan.changes(),
            caller.name(),
            rejected.review().note(),
            editId);
    decisions.record(job, rejected, correlationId);
    decisions.recordVersion(job, v, correlationId);
    audit.http(
        caller,
        request,
        "review.revise",
        target,
        AuditLog.ALLOWED,
        201,
        "version " + n + " is job " + v.jobId() + " (" + status + ")");
    return ResponseEntity.created(URI.create("/v1/jobs/" + v.jobId()))
        .body(response(v, status, rejected.review()));
  }

  private static RevisionResponse response(JobEvent.Version v, String status, Review review) {
    return new RevisionResponse(
        v.jobId(),
        v.clientJobId(),
        v.version(),
        status,
        v.changes(),
        review,
        Map.of(
            "self", "/v1/jobs/" + v.jobId(),
            "events", "/v1/jobs/" + v.jobId() + "/events"));
  }
}
