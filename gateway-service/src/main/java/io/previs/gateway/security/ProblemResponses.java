package io.previs.gateway.security;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/** 401 and 403 as RFC 9457 problem details, written by the security filters themselves. */
final class ProblemResponses {

  static final String UNAUTHENTICATED = "https://previs.dev/problems/unauthenticated";
  static final String FORBIDDEN = "https://previs.dev/problems/forbidden";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ProblemResponses() {}

  static void write(
      HttpServletResponse response,
      HttpStatus status,
      String type,
      String title,
      String detail,
      String path)
      throws IOException {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
    p.setType(URI.create(type));
    p.setTitle(title);
    p.setInstance(URI.create(path));
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.getOutputStream().write(JSON.writeValueAsString(p).getBytes(StandardCharsets.UTF_8));
  }
}
