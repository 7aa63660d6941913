package io.previs.gateway.scheduling;

import io.previs.contracts.job.JobEvent.FieldError;
import io.previs.contracts.job.Priority;
import io.previs.contracts.scheduling.JobCommand;
import io.previs.gateway.audit.AuditLog;
import io.previs.gateway.input.InvalidRequestException;
import io.previs.gateway.input.JobConflictException;
import io.previs.gateway.input.StrictJson;
import io.previs.gateway.jobs.JobView;
import io.previs.gateway.jobs.StudioScope;
import io.previs.gateway.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Commands on a job: cancel, pause, resume, change priority. A submitter of the job's studio or ops
 * may send them; the job is found through the studio scope (another studio's job is a 404 like an
 * unknown one). The answer is 202: the scheduler applies the command and the job's event log
 * records what it did (cancelled, paused, resumed, priority.changed).
 */
@RestController
@Tag(name = "jobs")
class JobCommandsController {

  /** What was asked, and where to watch it happen. */
  record CommandResponse(
      String jobId,
      String command,
      String commandId,
      String priority,
      Instant at,
      Map<String, String> links) {}

  private final StudioScope scope;
  private final JobCommands commands;
  private final StrictJson json;
  private final AuditLog audit;

  JobCommandsController(StudioScope scope, JobCommands commands, StrictJson json, AuditLog audit) {
    this.scope = scope;
    this.commands = commands;
    this.json = json;
    this.audit = audit;
  }

  @Operation(
      summary = "Cancel a job",
      description =
          "Queued shards never start; running shards stop at their next denoising step; nothing"
              + " further is post-processed or QC'd. The job ends cancelled (who and when in its"
              + " view); GPU time used so far is billed. A resubmission with the same clientJobId"
              + " answers the cancelled job unless it sets newAttempt.")
  @ApiResponse(responseCode = "202", description = "Sent to the scheduler")
  @ApiResponse(responseCode = "404", description = "No such job (or another studio's)")
  @ApiResponse(responseCode = "409", description = "The job has already ended")
  @PostMapping(path = "/v1/jobs/{jobId}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<CommandResponse> cancel(@PathVariable String jobId, HttpServletRequest http) {
    return send(jobId, JobCommand.Action.CANCEL, null, http);
  }

  @Operation(
      summary = "Pause a job",
      description =
          "Running shards store a checkpoint at their next step and free their GPUs; queued ones"
              + " wait. Resume continues every shard from its checkpoint, bit-identically.")
  @ApiResponse(responseCode = "202", description = "Sent to the scheduler")
  @ApiResponse(responseCode = "404", description = "No such job (or another studio's)")
  @ApiResponse(responseCode = "409", description = "The job has already ended")
  @PostMapping(path = "/v1/jobs/{jobId}/pause", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<CommandResponse> pause(@PathVariable String jobId, HttpServletRequest http) {
    return send(jobId, JobCommand.Action.PAUSE, null, http);
  }

  @Operation(summary = "Resume a paused job")
  @ApiResponse(responseCode = "202", description = "Sent to the scheduler")
  @ApiResponse(responseCode = "404", description = "No such job (or another studio's)")
  @ApiResponse(responseCode = "409", description = "The job has ended or is not paused")
  @PostMapping(path = "/v1/jobs/{jobId}/resume", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<CommandResponse> resume(@PathVariable String jobId, HttpServletRequest http) {
    return send(jobId, JobCommand.Action.RESUME, null, http);
  }

  @Operation(
      summary = "Change a job's priority",
      description =
          "Body {\"priority\": \"urgent\" | \"high\" | \"normal\" | \"low\"}. Queued shards move"
              + " to the new class keeping their order; running ones keep their GPU (and may be"
              + " preempted, or preempt, as the new class says).")
  @ApiResponse(responseCode = "202", description = "Sent to the scheduler")
  @ApiResponse(responseCode = "400", description = "priority missing or not a priority")
  @ApiResponse(responseCode = "404", description = "No such job (or another studio's)")
  @ApiResponse(responseCode = "409", description = "The job has already ended")
  @PostMapping(
      path = "/v1/jobs/{jobId}/priority",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<CommandResponse> priority(
      @PathVariable String jobId, @RequestBody byte[] body, HttpServletRequest http) {
    JsonNode p = json.parseObject(body).get("priority");
    Priority priority = p != null && p.isString() ? Priority.parse(p.asString()) : null;
    if (priority == null) {
      throw new InvalidRequestException(
          jobId,
          List.of(new FieldError("priority", "must be one of urgent, high, normal, low")),
          "Invalid priority change");
    }
    return send(jobId, JobCommand.Action.PRIORITY, priority, http);
  }

  private ResponseEntity<CommandResponse> send(
      String jobId, JobCommand.Action action, Priority priority, HttpServletRequest http) {
    Caller caller = Caller.require();
    JobView job = scope.require(caller, jobId);
    String auditAction = "job." + action.wire();
    if (action == JobCommand.Action.RESUME && !JobCommands.paused(job)) {
      audit.http(caller, http, auditAction, jobId, AuditLog.REJECTED, 409, "not paused");
      throw new JobConflictException(
          jobId,
          job.status().name().toLowerCase(java.util.Locale.ROOT),
          "job " + jobId + " is not paused");
    }
    JobCommand c;
    try {
      c = commands.send(job, action, priority, caller.name(), null);
    } catch (JobConflictException e) {
      audit.http(caller, http, auditAction, jobId, AuditLog.REJECTED, 409, e.getMessage());
      throw e;
    }
    audit.http(
        caller,
        http,
        auditAction,
        jobId,
        AuditLog.ALLOWED,
        202,
        priority == null ? "sent to the scheduler" : "priority " + priority.wire());
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(
            new CommandResponse(
                jobId,
                action.wire(),
                c.commandId(),
                priority == null ? null : priority.wire(),
                c.at(),
                Map.of("self", "/v1/jobs/" + jobId, "events", "/v1/jobs/" + jobId + "/events")));
  }
}
