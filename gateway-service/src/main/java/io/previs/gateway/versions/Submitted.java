package io.previs.gateway.versions;

import io.previs.contracts.job.JobEvent;
import io.previs.gateway.audit.AuditLog;
import io.previs.gateway.input.InvalidRequestException;
import io.previs.gateway.security.Caller;
import jakarta.servlet.http.HttpServletRequest;

/** What intake decided on a request made for a take: the new job's status, or a 400. */
final class Submitted {

  private Submitted() {}

  /**
   * @return {@code accepted}, {@code held} (the content policy holds it for ops) or {@code
   *     duplicate}
   * @throws InvalidRequestException naming intake's field errors, audited
   */
  static String status(
      JobEvent decision,
      Caller caller,
      HttpServletRequest request,
      AuditLog audit,
      String action,
      String target) {
    return switch (decision.type()) {
      case ACCEPTED -> "accepted";
      case POLICY_HELD -> "held";
      case DUPLICATE -> "duplicate";
      default -> {
        audit.http(caller, request, action, target, AuditLog.REJECTED, 400, "" + decision.errors());
        throw new InvalidRequestException(
            decision.jobId(), decision.errors(), "The new job is not a valid render request");
      }
    };
  }
}
