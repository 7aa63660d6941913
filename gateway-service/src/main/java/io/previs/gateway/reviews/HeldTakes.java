package io.previs.gateway.reviews;

import io.previs.gateway.audit.AuditLog;
import io.previs.gateway.jobs.JobView;
import io.previs.gateway.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * The one answer to a person acting on a take the content policy holds for ops (judging it,
 * rejecting it with edits, asking for more like it): 403, audited, naming what ops must do first.
 */
@Component
public class HeldTakes {

  private final AuditLog audit;

  HeldTakes(AuditLog audit) {
    this.audit = audit;
  }

  /**
   * @param action the audit log's name for what was asked ({@code review.record})
   * @throws ResponseStatusException 403 while the variant is withheld
   */
  public void refuse(
      Caller caller, HttpServletRequest request, JobView job, int variant, String action) {
    var held = ReviewDecisions.heldReview(job, variant);
    if (held == null) {
      return;
    }
    String target = job.jobId() + "/v" + variant;
    audit.http(caller, request, action, target, AuditLog.DENIED, 403, "held: ops decide");
    throw new ResponseStatusException(
        HttpStatus.FORBIDDEN,
        "variant "
            + variant
            + " of job "
            + job.jobId()
            + " is held by the content policy ("
            + held.hold()
            + "): ops decide on it first (POST /v1/jobs/"
            + job.jobId()
            + "/variants/"
            + variant
            + "/policy-review)");
  }
}
