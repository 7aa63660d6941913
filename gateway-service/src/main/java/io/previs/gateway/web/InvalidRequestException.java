package io.previs.gateway.web;

import io.previs.contracts.job.JobEvent.FieldError;
import java.util.List;

/** A submission with invalid fields; rendered as RFC 9457 problem details listing each of them. */
class InvalidRequestException extends RuntimeException {

  private final String jobId;
  private final List<FieldError> errors;

  InvalidRequestException(String jobId, List<FieldError> errors) {
    super(errors.size() + " invalid field(s)");
    this.jobId = jobId;
    this.errors = errors;
  }

  String jobId() {
    return jobId;
  }

  List<FieldError> errors() {
    return errors;
  }
}
