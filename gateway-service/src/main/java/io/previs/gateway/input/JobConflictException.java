package io.previs.gateway.input;

/** A command that the job's state does not allow (cancelling a completed job); a 409. */
public class JobConflictException extends RuntimeException {

  private final String jobId;
  private final String status;

  public JobConflictException(String jobId, String status, String message) {
    super(message);
    this.jobId = jobId;
    this.status = status;
  }

  public String jobId() {
    return jobId;
  }

  public String status() {
    return status;
  }
}
