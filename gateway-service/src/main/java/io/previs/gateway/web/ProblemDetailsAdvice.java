package io.previs.gateway.web;

import io.previs.gateway.input.BodyTooLargeException;
import io.previs.gateway.input.InvalidRequestException;
import io.previs.gateway.input.JobConflictException;
import io.previs.gateway.input.MalformedJsonException;
import io.previs.gateway.input.QuotaExceededException;
import io.previs.gateway.intake.IntakeTimeoutException;
import io.previs.gateway.jobs.JobNotFoundException;
import java.net.URI;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Errors as RFC 9457 problem details: what is wrong, field by field, with the limit broken. Ahead
 * of Spring Boot's own problem-details handler (which answers every other MVC error), so that a
 * body cut off at the size limit is a 413 naming the limit, not a generic "failed to read request".
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemDetailsAdvice {

  static final String INVALID = "https://previs.dev/problems/invalid-render-request";
  static final String NOT_JSON = "https://previs.dev/problems/malformed-json";
  static final String TOO_LARGE = "https://previs.dev/problems/body-too-large";
  static final String INTAKE_TIMEOUT = "https://previs.dev/problems/intake-timeout";
  static final String JOB_NOT_FOUND = "https://previs.dev/problems/job-not-found";
  static final String JOB_CONFLICT = "https://previs.dev/problems/job-state-conflict";
  static final String QUOTA = "https://previs.dev/problems/quota-exceeded";

  @ExceptionHandler(JobConflictException.class)
  ProblemDetail conflict(JobConflictException e) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    p.setType(URI.create(JOB_CONFLICT));
    p.setTitle("Not in this job's state");
    p.setProperty("jobId", e.jobId());
    p.setProperty("status", e.status());
    return p;
  }

  @ExceptionHandler(QuotaExceededException.class)
  ResponseEntity<ProblemDetail> quota(QuotaExceededException e) {
    ProblemDetail p =
        ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
    p.setType(URI.create(QUOTA));
    p.setTitle("Studio quota reached");
    p.setProperty("jobId", e.jobId());
    p.setProperty("limit", e.limit());
    p.setProperty("value", e.value());
    return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())))
        .body(p);
  }

  @ExceptionHandler(InvalidRequestException.class)
  ProblemDetail invalid(InvalidRequestException e) {
    ProblemDetail p =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST,
            e.errors().stream()
                .map(f -> f.field() + ": " + f.message())
                .collect(Collectors.joining("; ")));
    p.setType(URI.create(INVALID));
    p.setTitle(e.title());
    p.setProperty("jobId", e.jobId());
    p.setProperty("errors", e.errors());
    return p;
  }

  /** The same answer whether the job is unknown or another studio's. */
  @ExceptionHandler(JobNotFoundException.class)
  ProblemDetail jobNotFound(JobNotFoundException e) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    p.setType(URI.create(JOB_NOT_FOUND));
    p.setTitle("No such job");
    return p;
  }

  @ExceptionHandler(MalformedJsonException.class)
  ProblemDetail notJson(MalformedJsonException e) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    p.setType(URI.create(NOT_JSON));
    p.setTitle("Malformed JSON");
    return p;
  }

  @ExceptionHandler(BodyTooLargeException.class)
  ProblemDetail bodyTooLarge(BodyTooLargeException e) {
    return tooLarge(e);
  }

  /** A body cut off while Spring read it (no declared length): the cause says so. */
  @ExceptionHandler(HttpMessageNotReadableException.class)
  ProblemDetail unreadable(HttpMessageNotReadableException e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof RequestSizeLimit.TooLarge t) {
        return tooLarge(t.problem);
      }
    }
    ProblemDetail p =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST, "the request body could not be read: " + e.getMessage());
    p.setType(URI.create(NOT_JSON));
    p.setTitle("Unreadable request body");
    return p;
  }

  @ExceptionHandler(IntakeTimeoutException.class)
  ResponseEntity<ProblemDetail> intakeTimeout(IntakeTimeoutException e) {
    ProblemDetail p =
        ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    p.setType(URI.create(INTAKE_TIMEOUT));
    p.setTitle("Intake is not keeping up");
    p.setProperty("jobId", e.jobId());
    p.setProperty("clientJobId", e.clientJobId());
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, "5")
        .body(p);
  }

  static ProblemDetail tooLarge(BodyTooLargeException e) {
    ProblemDetail p =
        ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
    p.setType(URI.create(TOO_LARGE));
    p.setTitle("Request body too large");
    p.setProperty("limit", e.limit());
    return p;
  }
}
