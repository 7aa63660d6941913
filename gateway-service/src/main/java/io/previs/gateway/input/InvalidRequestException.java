package io.previs.gateway.input;

import io.previs.contracts.job.JobEvent.FieldError;
import java.util.List;

/**
 * A request (a submission or a review decision) with invalid fields; answered as RFC 9457 problem
 * details listing each of them.
 */
public class InvalidRequestException extends RuntimeException {

  private final String jobId;
  private final List<FieldError> errors;
  private final String title;

  public InvalidRequestException(String jobId, List<FieldError> errors, String title) {
    super(errors.size() + " invalid field(s)");
    this.jobId = jobId;
    this.errors = List.copyOf(errors);
    this.title = title;
  }

  public String title() {
    return title;
  }

  public String jobId() {
    return jobId;
  }

  public List<FieldError> errors() {
    return errors;
  }
}
