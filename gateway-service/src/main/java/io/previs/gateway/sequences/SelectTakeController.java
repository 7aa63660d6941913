package io.previs.gateway.sequences;

import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEvent.FieldError;
import io.previs.gateway.audit.AuditLog;
import io.previs.gateway.input.InvalidRequestException;
import io.previs.gateway.input.StrictJson;
import io.previs.gateway.jobs.Downloads;
import io.previs.gateway.jobs.JobView;
import io.previs.gateway.jobs.StudioScope;
import io.previs.gateway.reviews.HeldTakes;
import io.previs.gateway.reviews.ReviewDecisions;
import io.previs.gateway.security.Caller;
import io.previs.gateway.versions.Shots;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.JsonNode;

/**
 * A director marks the take a shot's cut uses. One take per shot: choosing another (of any of the
 * shot's versions) replaces the choice; choosing the current one again changes nothing.
 */
@RestController
@Tag(name = "sequences")
class SelectTakeController {

  /**
   * @param status {@code selected}, or {@code unchanged} when it already was the shot's take
   * @param replaced the take chosen before, or null
   */
  record SelectionResponse(
      String shot,
      String sequence,
      String jobId,
      int version,
      int variant,
      String status,
      TakeRef replaced,
      Map<String, String> links) {}

  record TakeRef(String jobId, int variant) {}

  private final StudioScope scope;
  private final StrictJson json;
  private final HeldTakes heldTakes;
  private final TakeSelections selections;
  private final AuditLog audit;

  SelectTakeController(
      StudioScope scope,
      StrictJson json,
      HeldTakes heldTakes,
      TakeSelections selections,
      AuditLog audit) {
    this.scope = scope;
    this.json = json;
    this.heldTakes = heldTakes;
    this.selections = selections;
    this.audit = audit;
  }

  @Operation(
      summary = "Choose a take for its shot: the sequence's cut uses it",
      description =
          "Body optional: {\"note\": \"…\"}. The take (variant of this job, a version of its"
              + " shot) becomes the shot's chosen take, replacing any chosen before on any of the"
              + " shot's versions; choosing it again changes nothing. The job's sequence label puts"
              + " the shot in a sequence (GET /v1/sequences/{sequence}). Only a take QC has judged"
              + " and the caller may see can be chosen.")
  @ApiResponse(
      responseCode = "200",
      description = "Chosen (status selected), or it already was (unchanged)")
  @ApiResponse(responseCode = "400", description = "The variant or the note is invalid")
  @ApiResponse(
      responseCode = "403",
      description = "The content policy holds the take (a protected likeness): ops decide first")
  @ApiResponse(
      responseCode = "409",
      description = "The take has no clip yet, or QC has not judged it yet")
  @PostMapping(
      path = "/v1/jobs/{jobId}/variants/{variant}/select",
      produces = MediaType.APPLICATION_JSON_VALUE)
  SelectionResponse select(
      @PathVariable String jobId,
      @PathVariable int variant,
      @RequestBody(required = false) byte[] body,
      @RequestHeader(name = "X-Correlation-Id", required = false) String correlationId,
      HttpServletRequest request) {
    Caller caller = Caller.require();
    JobView job = scope.require(caller, jobId);
    String target = jobId + "/v" + variant;
    List<FieldError> errors = new ArrayList<>();
    String note = null;
    if (body != null && body.length > 0) {
      JsonNode b = json.parseObject(body);
      for (String name : b.propertyNames()) {
        if (!name.equals("note")) {
          errors.add(new FieldError(name, "is not a field of a take selection (note)"));
        }
      }
      JsonNode n = b.get("note");
      if (n != null && !n.isNull() && !n.isString()) {
        errors.add(new FieldError("note", "must be a string"));
      } else if (n != null && n.isString()) {
        note = n.asString();
        FieldError bad = ReviewDecisions.noteError(note);
        if (bad != null) {
          errors.add(bad);
        }
      }
    }
    FieldError range = ReviewDecisions.outOfRange(job, variant);
    if (range != null) {
      errors.add(range);
    }
    if (!errors.isEmpty()) {
      audit.http(caller, request, "take.select", target, AuditLog.REJECTED, 400, "" + errors);
      throw new InvalidRequestException(jobId, errors, "Invalid take selection");
    }
    if (!ReviewDecisions.hasClip(job, variant)) {
      throw new ResponseStatusException(
          HttpStatus.CONFLICT, "variant " + variant + " of job " + jobId + " has no clip yet");
    }
    heldTakes.refuse(caller, request, job, variant, "take.select");
    String withheld = Downloads.withheld(job, variant, caller);
    if (withheld != null) {
      throw new ResponseStatusException(HttpStatus.CONFLICT, withheld);
    }
    String shot = Shots.shot(job);
    String sequence = Shots.sequence(job);
    JobView current =
        SequenceCut.chosen(
            scope
                .visible(caller, job.studio())
                .filter(j -> j.spec() != null && shot.equals(Shots.shot(j)))
                .toList());
    Map<String, String> links =
        sequence == null ? Map.of() : Map.of("sequence", "/v1/sequences/" + sequence);
    if (current != null
        && current.jobId().equals(jobId)
        && current.selected().variant() == variant) {
      return new SelectionResponse(
          shot, sequence, jobId, Shots.version(job), variant, "unchanged", null, links);
    }
    JobEvent.Take take =
        new JobEvent.Take(shot, sequence, Shots.version(job), variant, caller.name(), note);
    selections.record(job, take, correlationId);
    audit.http(
        caller,
        request,
        "take.select",
        target,
        AuditLog.ALLOWED,
        200,
        "chosen for shot " + shot + (current == null ? "" : ", replacing " + current.jobId()));
    return new SelectionResponse(
        shot,
        sequence,
        jobId,
        Shots.version(job),
        variant,
        "selected",
        current == null ? null : new TakeRef(current.jobId(), current.selected().variant()),
        links);
  }
}
