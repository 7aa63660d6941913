package io.previs.contracts.audit;

import java.time.Instant;

/**
 * One entry of the audit log on {@code previs.audit}: every state-changing action (a submission, a
 * review, an API key created, rotated or revoked) and every denied attempt (no or bad credentials,
 * a role that may not do the thing, another studio's resource asked for). Written by the gateway,
 * kept long, read by a studio's security team.
 *
 * @param id unique per entry (also its CloudEvents id)
 * @param actor who: the API key's id and name, or the token's subject; "anonymous" without
 *     credentials
 * @param actorKind {@code api-key}, {@code jwt}, {@code kafka} (a principal writing a topic) or
 *     {@code anonymous}
 * @param studio the actor's studio (null for ops and platform principals and for anonymous)
 * @param action what was attempted, e.g. {@code job.submit}, {@code review.record}, {@code
 *     key.create}, {@code key.rotate}, {@code key.revoke}, {@code http GET /v1/jobs/{jobId}}
 * @param target what it was attempted on: a job id, a key id, a path
 * @param outcome {@code allowed}, {@code rejected} (the request was invalid) or {@code denied}
 * @param status the HTTP status answered (0 for Kafka)
 * @param reason why it was denied or rejected, for the reader of the log
 * @param sourceAddress the client's address as the gateway saw it
 */
public record AuditEvent(
    int schemaVersion,
    String id,
    Instant at,
    String actor,
    String actorKind,
    String studio,
    String action,
    String target,
    String outcome,
    int status,
    String reason,
    String sourceAddress,
    String correlationId) {

  public static final int SCHEMA_VERSION = 1;
}
