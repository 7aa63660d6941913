package io.previs.gateway.intake;

import io.previs.contracts.job.JobIds;
import io.previs.contracts.job.Priority;
import io.previs.contracts.scheduling.JobCommand;
import io.previs.gateway.audit.AuditLog;
import io.previs.gateway.input.JobConflictException;
import io.previs.gateway.jobs.JobProjection;
import io.previs.gateway.jobs.JobView;
import io.previs.gateway.scheduling.JobCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Commands on a job written to a studio's own submit topic, for pipelines that speak only Kafka:
 * {@code {"command": "cancel" | "pause" | "resume" | "priority", "clientJobId" or "jobId",
 * "priority"}}. The topic proves the studio, so a command can reach only that studio's jobs; one
 * naming another studio's job is treated as naming no job. Every command, applied or refused, is in
 * the audit log; a refused one is also logged with its reason (there is no caller to answer).
 */
@Component
class KafkaCommands {

  static final String COMMAND = "command";

  private static final Logger log = LoggerFactory.getLogger(KafkaCommands.class);

  private final JobProjection projection;
  private final JobCommands commands;
  private final AuditLog audit;

  KafkaCommands(JobProjection projection, JobCommands commands, AuditLog audit) {
    this.projection = projection;
    this.commands = commands;
    this.audit = audit;
  }

  void handle(ObjectNode body, Origin origin, String submissionId) {
    String studio = origin.studio() != null ? origin.studio() : text(body, "studio");
    String name = text(body, COMMAND);
    JobCommand.Action action = name == null ? null : JobCommand.Action.parse(name);
    String clientJobId = text(body, "clientJobId");
    String jobId = text(body, "jobId");
    if (jobId == null && clientJobId != null && studio != null) {
      jobId = JobIds.jobId(studio, clientJobId);
    }
    String target = jobId != null ? jobId : submissionId;
    if (origin.platform()) {
      refuse(origin, studio, name, target, "commands are not taken on the platform's topic");
      return;
    }
    if (action == null) {
      refuse(origin, studio, name, target, "command must be cancel, pause, resume or priority");
      return;
    }
    Priority priority = null;
    if (action == JobCommand.Action.PRIORITY) {
      priority = Priority.parse(text(body, "priority"));
      if (priority == null) {
        refuse(origin, studio, name, target, "priority must be urgent, high, normal or low");
        return;
      }
    }
    JobView job = jobId == null ? null : projection.findFresh(jobId).orElse(null);
    if (job == null || studio == null || !studio.equals(job.studio())) {
      refuse(
          origin, studio, name, target, "no such job (clientJobId or jobId) in studio " + studio);
      return;
    }
    if (action == JobCommand.Action.RESUME
        && (job.scheduling() == null || !job.scheduling().paused())) {
      refuse(origin, studio, name, target, "job is not paused");
      return;
    }
    try {
      commands.send(job, action, priority, origin.actor(), text(body, "reason"));
      audit.write(
          origin.actor(),
          origin.actorKind(),
          studio,
          "job." + action.wire(),
          job.jobId(),
          AuditLog.ALLOWED,
          0,
          "sent to the scheduler via " + origin.via(),
          null,
          null);
    } catch (JobConflictException e) {
      refuse(origin, studio, name, job.jobId(), e.getMessage());
    }
  }

  private void refuse(Origin origin, String studio, String command, String target, String why) {
    log.warn("Command {} on {} from {} refused: {}", command, target, origin.actor(), why);
    audit.write(
        origin.actor(),
        origin.actorKind(),
        studio,
        "job." + (command == null ? "command" : command),
        target,
        AuditLog.REJECTED,
        0,
        why,
        null,
        null);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isString() ? v.asString() : null;
  }
}
