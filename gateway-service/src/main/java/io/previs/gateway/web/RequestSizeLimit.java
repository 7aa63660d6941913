package io.previs.gateway.web;

import io.previs.gateway.GatewayProperties;
import io.previs.gateway.input.BodyTooLargeException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bounds every request body at {@code previs.gateway.max-request-bytes}: a declared length over it
 * is answered 413 before a byte is read, and a body without a declared length (chunked) is cut off
 * as soon as it passes the limit, so no request makes the gateway buffer megabytes.
 */
@Component
class RequestSizeLimit extends OncePerRequestFilter {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final long limit;

  RequestSizeLimit(GatewayProperties props) {
    this.limit = props.maxRequestBytes().toBytes();
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long declared = request.getContentLengthLong();
    if (declared > limit) {
      request.setAttribute("previs.tooLarge", Boolean.TRUE);
      ProblemDetail p = ProblemDetailsAdvice.tooLarge(new BodyTooLargeException(declared, limit));
      p.setInstance(java.net.URI.create(request.getRequestURI()));
      response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      // Tomcat would otherwise try to swallow the unread body before closing.
      response.setHeader("Connection", "close");
      response.getOutputStream().write(JSON.writeValueAsString(p).getBytes(StandardCharsets.UTF_8));
      return;
    }
    chain.doFilter(new Bounded(request, limit), response);
  }

  /** The request with its body stream cut off at the limit. */
  private static final class Bounded extends HttpServletRequestWrapper {
    private final long limit;
    private ServletInputStream stream;

    Bounded(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new Counting(super.getInputStream(), limit);
      }
      return stream;
    }
  }

  /** Thrown from the body stream; Spring wraps it, ProblemDetailsAdvice unwraps it to a 413. */
  static final class TooLarge extends IOException {
    final BodyTooLargeException problem;

    TooLarge(BodyTooLargeException problem) {
      super(problem.getMessage());
      this.problem = problem;
    }
  }

  private static final class Counting extends ServletInputStream {
    private final ServletInputStream in;
    private final long limit;
    private long read;

    Counting(ServletInputStream in, long limit) {
      this.in = in;
      this.limit = limit;
    }

    private int count(int n) throws TooLarge {
      if (n > 0) {
        read += n;
        if (read > limit) {
          throw new TooLarge(new BodyTooLargeException(-1, limit));
        }
      }
      return n;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return count(in.read(b, off, len));
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
