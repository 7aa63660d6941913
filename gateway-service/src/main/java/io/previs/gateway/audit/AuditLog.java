package io.previs.gateway.audit;

import io.previs.contracts.audit.AuditEvent;
import io.previs.contracts.topics.Topics;
import io.previs.gateway.security.Caller;
import io.previs.servicekit.kafka.EventPublisher;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes the audit log (previs.audit): the gateway's one writer of audit events. An action waits
 * for the broker's acknowledgement of its entry: an action nobody can later account for is worse
 * than a slower answer. A denial does not wait: its answer must take the time an answer without the
 * entry takes (a 404 for another studio's job must not be told from an unknown id's by its time;
 * the auth benchmark measured 6 ms for the broker round trip), and a flood of bad requests must not
 * turn into a flood of synchronous broker round trips. The producer still retries it; a loss is
 * logged.
 */
@Component
public class AuditLog {

  private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

  public static final String ALLOWED = "allowed";
  public static final String REJECTED = "rejected";
  public static final String HELD = "held";
  public static final String DENIED = "denied";

  private final EventPublisher publisher;
  private final Clock clock = Clock.systemUTC();

  public AuditLog(EventPublisher publisher) {
    this.publisher = publisher;
  }

  /** An entry for a caller (null: nobody authenticated) acting over HTTP. */
  public void http(
      Caller caller,
      HttpServletRequest request,
      String action,
      String target,
      String outcome,
      int status,
      String reason) {
    write(
        caller == null ? "anonymous" : actor(caller),
        caller == null ? "anonymous" : caller.kind(),
        caller == null ? null : caller.studio(),
        action,
        target,
        outcome,
        status,
        reason,
        source(request),
        request == null ? null : request.getHeader("X-Correlation-Id"));
  }

  /** An entry in full, for actions not tied to an HTTP request (a decision on a submission). */
  public void write(
      String actor,
      String kind,
      String studio,
      String action,
      String target,
      String outcome,
      int status,
      String reason,
      String source,
      String correlation) {
    String id = UUID.randomUUID().toString();
    AuditEvent e =
        new AuditEvent(
            AuditEvent.SCHEMA_VERSION,
            id,
            clock.instant(),
            actor,
            kind,
            studio,
            action,
            target,
            outcome,
            status,
            reason,
            source,
            correlation);
    if (DENIED.equals(outcome)) {
      try {
        publisher
            .publish(Topics.AUDIT, actor, e, outcome, target, correlation)
            .whenComplete(
                (ok, ex) -> {
                  if (ex != null) {
                    log.error("AUDIT LOST {}: {}", e, ex.getMessage());
                  }
                });
      } catch (RuntimeException ex) {
        log.error("AUDIT LOST {}: {}", e, ex.getMessage());
      }
      return;
    }
    try {
      publisher.publishAndWait(Topics.AUDIT, actor, e, outcome, target, correlation);
    } catch (RuntimeException ex) {
      // The request goes on (refusing it would not undo it); the loss is logged loudly.
      log.error("AUDIT LOST {}: {}", e, ex.getMessage());
    }
  }

  private static String actor(Caller c) {
    return c.keyId() == null ? c.name() : c.name() + " (key " + c.keyId() + ")";
  }

  private static String source(HttpServletRequest r) {
    return r == null ? null : r.getRemoteAddr();
  }
}
