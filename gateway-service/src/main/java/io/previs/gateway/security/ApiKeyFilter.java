package io.previs.gateway.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates studio API keys, sent as {@code Authorization: Bearer pvk_…} (what every HTTP
 * client can do) or {@code X-Api-Key: pvk_…}. A presented key that is not valid ends the request
 * with 401 here; other bearer tokens are left to the JWT resource server.
 */
final class ApiKeyFilter extends OncePerRequestFilter {

  static final String HEADER = "X-Api-Key";
  static final String PREFIX = "pvk_";

  private final ApiKeys keys;
  private final AuthenticationEntryPoint entryPoint;

  ApiKeyFilter(ApiKeys keys, AuthenticationEntryPoint entryPoint) {
    this.keys = keys;
    this.entryPoint = entryPoint;
  }

  /** The API key a request presents, or null. */
  static String presented(HttpServletRequest request) {
    String header = request.getHeader(HEADER);
    if (header != null) {
      return header.strip();
    }
    String auth = request.getHeader("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = auth.substring(7).strip();
      return token.startsWith(PREFIX) ? token : null;
    }
    return null;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String key = presented(request);
    if (key == null) {
      chain.doFilter(request, response);
      return;
    }
    var caller = keys.authenticate(key);
    if (caller.isEmpty()) {
      SecurityContextHolder.clearContext();
      entryPoint.commence(
          request, response, new BadCredentialsException("unknown, revoked or malformed API key"));
      return;
    }
    var context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(new CallerAuthentication(caller.get()));
    SecurityContextHolder.setContext(context);
    try {
      chain.doFilter(request, response);
    } finally {
      SecurityContextHolder.clearContext();
    }
  }
}
