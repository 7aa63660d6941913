package io.previs.gateway.web;

import io.previs.contracts.job.JobEvent.FieldError;
import java.util.List;

/**
 * A submission (or review decision) with invalid fields; rendered as RFC 9457 problem details
 * listing each of them.
 */
class InvalidRequestException extends RuntimeException {

  private final String jobId;
  private final List<FieldError> errors;

  private final String title;

  InvalidRequestException(String jobId, List<FieldError> errors) {
    this(jobId, errors, "Invalid render request");
  }

  InvalidRequestException(String jobId, List<FieldError> errors, String title) {
    super(errors.size() + " invalid field(s)");
    this.jobId = jobId;
    this.errors = errors;
    this.title = title;
  }

  String title() {
    return title;
  }

  String jobId() {
    return jobId;
  }

  List<FieldError> errors() {
    return errors;
  }
}
