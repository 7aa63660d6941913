package io.previs.gateway.security;

import io.previs.gateway.audit.AuditLog;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Two surfaces, one chain each. Probes, metrics and the API document are open (the cluster's
 * network policy guards them). The API denies by default: a request needs an API key or a JWT, and
 * each route names the roles that may use it; tenant scoping (which studio's jobs a caller sees) is
 * not here but in one place, {@code jobs.StudioScope}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecuritySettings.class)
class SecurityConfiguration {

  private static final String[] ANY_ROLE = {"SUBMITTER", "REVIEWER", "OPS", "PLATFORM"};

  @Bean
  @Order(1)
  SecurityFilterChain openEndpoints(HttpSecurity http) throws Exception {
    return http.securityMatcher(
            "/actuator/health/**",
            "/actuator/health",
            "/actuator/prometheus",
            "/actuator/info",
            "/v3/api-docs/**",
            "/v3/api-docs",
            "/swagger-ui/**",
            "/swagger-ui.html",
            // the web page's own files: no data in them, every call they make is authenticated
            "/",
            "/index.html",
            "/app/**",
            "/favicon.ico")
        .authorizeHttpRequests(a -> a.anyRequest().permitAll())
        .csrf(c -> c.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain api(
      HttpSecurity http, SecuritySettings settings, ApiKeys keys, AuditLog audit) throws Exception {
    http.csrf(c -> c.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .httpBasic(b -> b.disable())
        .formLogin(f -> f.disable())
        .logout(l -> l.disable());
    if (!settings.enabled()) {
      http.addFilterBefore(new LocalCaller(), AnonymousAuthenticationFilter.class)
          .authorizeHttpRequests(a -> a.anyRequest().permitAll());
      return http.build();
    }
    DeniedResponses denied = new DeniedResponses(audit);
    http.addFilterBefore(new ApiKeyFilter(keys, denied), AnonymousAuthenticationFilter.class)
        .exceptionHandling(e -> e.authenticationEntryPoint(denied).accessDeniedHandler(denied))
        .authorizeHttpRequests(
            a ->
                // The request was authorized when it came in; a server-sent event stream's async
                // dispatch (and an error dispatch) is the same request, not a new one.
                a.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
                    .permitAll()
                    .requestMatchers(HttpMethod.POST, "/v1/jobs")
                    .hasAnyRole("SUBMITTER", "PLATFORM")
                    .requestMatchers(
                        HttpMethod.POST,
                        "/v1/jobs/*/variants/*/review",
                        "/v1/jobs/*/variants/*/reject-with-edits",
                        "/v1/jobs/*/variants/*/more-like-this",
                        "/v1/jobs/*/variants/*/select")
                    .hasRole("REVIEWER")
                    .requestMatchers(HttpMethod.POST, "/v1/sequences/*/animatic")
                    .hasAnyRole("REVIEWER", "SUBMITTER", "OPS")
                    .requestMatchers(
                        HttpMethod.POST,
                        "/v1/jobs/*/cancel",
                        "/v1/jobs/*/pause",
                        "/v1/jobs/*/resume",
                        "/v1/jobs/*/priority")
                    .hasAnyRole("SUBMITTER", "OPS")
                    .requestMatchers(HttpMethod.PUT, "/v1/studios/*/quota")
                    .hasRole("OPS")
                    .requestMatchers(
                        HttpMethod.POST,
                        "/v1/jobs/*/policy-review",
                        "/v1/jobs/*/variants/*/policy-review")
                    .hasRole("OPS")
                    .requestMatchers("/v1/keys", "/v1/keys/**")
                    .hasRole("OPS")
                    .requestMatchers(HttpMethod.GET, "/v1/**")
                    .hasAnyRole(ANY_ROLE)
                    .anyRequest()
                    .denyAll());
    if (settings.jwt().configured()) {
      SecuritySettings.Jwt jwt = settings.jwt();
      NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwt.jwksUri()).build();
      decoder.setJwtValidator(validator(jwt));
      http.oauth2ResourceServer(
          o ->
              o.bearerTokenResolver(notApiKeys())
                  .authenticationEntryPoint(denied)
                  .accessDeniedHandler(denied)
                  .jwt(j -> j.decoder(decoder).jwtAuthenticationConverter(new JwtCallers(jwt))));
    }
    return http.build();
  }

  static OAuth2TokenValidator<Jwt> validator(SecuritySettings.Jwt jwt) {
    List<OAuth2TokenValidator<Jwt>> v = new ArrayList<>();
    v.add(new JwtTimestampValidator(jwt.clockSkew()));
    if (jwt.issuer() != null && !jwt.issuer().isBlank()) {
      v.add(new JwtIssuerValidator(jwt.issuer()));
    }
    if (jwt.audience() != null && !jwt.audience().isBlank()) {
      v.add(
          token ->
              token.getAudience() != null && token.getAudience().contains(jwt.audience())
                  ? OAuth2TokenValidatorResult.success()
                  : OAuth2TokenValidatorResult.failure(
                      new OAuth2Error(
                          "invalid_token",
                          "the token is not for audience " + jwt.audience(),
                          null)));
    }
    return new DelegatingOAuth2TokenValidator<>(v);
  }

  /** Bearer tokens that are not API keys (those the API key filter owns). */
  private static BearerTokenResolver notApiKeys() {
    DefaultBearerTokenResolver standard = new DefaultBearerTokenResolver();
    return request -> {
      String token = standard.resolve(request);
      return token == null || token.startsWith(ApiKeyFilter.PREFIX) ? null : token;
    };
  }

  /** Security off: every request is the local caller, who may do everything. */
  private static final class LocalCaller extends OncePerRequestFilter {
    @Override
    protected void doFilterInternal(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      var context = SecurityContextHolder.createEmptyContext();
      context.setAuthentication(new CallerAuthentication(Caller.LOCAL));
      SecurityContextHolder.setContext(context);
      try {
        chain.doFilter(request, response);
      } finally {
        SecurityContextHolder.clearContext();
      }
    }
  }
}
