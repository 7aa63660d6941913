package io.previs.gateway.input;

import io.previs.contracts.job.JobEvent.FieldError;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Ops' decision on something the content policy held (a job at intake, a variant after QC): body
 * {@code {"decision": "approve" | "reject", "note": "…"}}, the note required to reject (the studio
 * is told why).
 */
public record PolicyDecision(boolean approve, String note) {

  public static final int MAX_NOTE = 2000;

  /**
   * @throws InvalidRequestException naming every field that is wrong
   */
  public static PolicyDecision parse(JsonNode body, String jobId) {
    List<FieldError> errors = new ArrayList<>();
    JsonNode d = body.get("decision");
    String decision = d != null && d.isString() ? d.asString() : null;
    if (!"approve".equals(decision) && !"reject".equals(decision)) {
      errors.add(new FieldError("decision", "must be approve or reject"));
    }
    JsonNode n = body.get("note");
    String note = n != null && n.isString() ? n.asString().strip() : null;
    if (n != null && !n.isNull() && !n.isString()) {
      errors.add(new FieldError("note", "must be a string"));
    } else if (note != null && note.length() > MAX_NOTE) {
      errors.add(
          new FieldError("note", "is " + note.length() + " characters; at most " + MAX_NOTE));
    } else if ("reject".equals(decision) && (note == null || note.isEmpty())) {
      errors.add(new FieldError("note", "is required to reject: the studio is told why"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(jobId, errors, "Invalid policy review");
    }
    return new PolicyDecision("approve".equals(decision), note);
  }
}
