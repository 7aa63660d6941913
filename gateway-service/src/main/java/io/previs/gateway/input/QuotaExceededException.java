package io.previs.gateway.input;

import java.time.Duration;

/** A studio at one of its limits (queued jobs); a 429 with Retry-After and the limit named. */
public class QuotaExceededException extends RuntimeException {

  private final String jobId;
  private final String limit;
  private final long value;
  private final Duration retryAfter;

  public QuotaExceededException(
      String jobId, String limit, long value, Duration retryAfter, String message) {
    super(message);
    this.jobId = jobId;
    this.limit = limit;
    this.value = value;
    this.retryAfter = retryAfter;
  }

  public String jobId() {
    return jobId;
  }

  public String limit() {
    return limit;
  }

  public long value() {
    return value;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
