package io.previs.gateway.security;

import io.previs.gateway.audit.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * The answers to requests security turns away, each also an audit entry: 401 with {@code
 * WWW-Authenticate} (RFC 6750) when there are no valid credentials, 403 when the caller's roles do
 * not allow the action.
 */
final class DeniedResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

  static final String REALM = "previs";

  private final AuditLog audit;

  DeniedResponses(AuditLog audit) {
    this.audit = audit;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException {
    boolean presented =
        request.getHeader("Authorization") != null
            || request.getHeader(ApiKeyFilter.HEADER) != null;
    String detail =
        presented
            ? "the credentials are not valid: " + describe(e)
            : "credentials are required: an API key (Authorization: Bearer pvk_…, or "
                + ApiKeyFilter.HEADER
                + ") or a JWT from the configured issuer";
    response.setHeader(
        "WWW-Authenticate",
        presented
            ? "Bearer realm=\""
                + REALM
                + "\", error=\"invalid_token\", error_description=\""
                + quote(describe(e))
                + "\""
            : "Bearer realm=\"" + REALM + "\"");
    audit.http(
        null,
        request,
        request.getMethod() + " " + request.getRequestURI(),
        request.getRequestURI(),
        AuditLog.DENIED,
        401,
        detail);
    ProblemResponses.write(
        response,
        HttpStatus.UNAUTHORIZED,
        ProblemResponses.UNAUTHENTICATED,
        "Unauthenticated",
        detail,
        request.getRequestURI());
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
      throws IOException {
    Caller caller = Caller.current();
    String detail =
        "your roles "
            + (caller == null ? "[]" : CallerAuthentication.roleNames(caller))
            + " do not allow "
            + request.getMethod()
            + " "
            + request.getRequestURI();
    audit.http(
        caller,
        request,
        request.getMethod() + " " + request.getRequestURI(),
        request.getRequestURI(),
        AuditLog.DENIED,
        403,
        detail);
    ProblemResponses.write(
        response,
        HttpStatus.FORBIDDEN,
        ProblemResponses.FORBIDDEN,
        "Forbidden",
        detail,
        request.getRequestURI());
  }

  private static String describe(AuthenticationException e) {
    if (e instanceof OAuth2AuthenticationException o && o.getError().getDescription() != null) {
      return o.getError().getDescription();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String quote(String s) {
    return s.replace("\\", "").replace("\"", "'");
  }
}
