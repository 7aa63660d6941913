package io.previs.gateway.web;

import io.previs.gateway.input.InvalidRequestException;
import io.previs.gateway.input.MalformedJsonException;
import java.net.URI;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Errors as RFC 9457 problem details: what is wrong, field by field, with the limit broken. */
@RestControllerAdvice
class ProblemDetailsAdvice {

  static final String INVALID = "https://previs.dev/problems/invalid-render-request";
  static final String NOT_JSON = "https://previs.dev/problems/malformed-json";

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

  @ExceptionHandler(MalformedJsonException.class)
  ProblemDetail notJson(MalformedJsonException e) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    p.setType(URI.create(NOT_JSON));
    p.setTitle("Malformed JSON");
    return p;
  }
}
