package io.previs.gateway.intake;

import java.time.Duration;

/**
 * Intake did not decide on a submission in time (its consumers are down or far behind). The
 * submission stays queued and will be decided; the client retries with the clientJobId named here,
 * which makes the retry a duplicate rather than a second job.
 */
public class IntakeTimeoutException extends RuntimeException {

  private final String jobId;
  private final String clientJobId;

  IntakeTimeoutException(String jobId, String clientJobId, Duration waited) {
    super(
        "intake did not decide within "
            + waited.toMillis()
            + " ms; the request is queued as job "
            + jobId
            + " (clientJobId "
            + clientJobId
            + "): retry with that clientJobId");
    this.jobId = jobId;
    this.clientJobId = clientJobId;
  }

  public String jobId() {
    return jobId;
  }

  public String clientJobId() {
    return clientJobId;
  }
}
