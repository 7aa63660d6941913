package io.previs.gateway.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * A studio's identity provider's token as a {@link Caller}: the studio and roles from the
 * configured claims. A token without a studio is refused unless its roles are ops or platform
 * (which act across studios): a studio-less submitter could otherwise see everything.
 */
final class JwtCallers implements Converter<Jwt, AbstractAuthenticationToken> {

  private final SecuritySettings.Jwt settings;

  JwtCallers(SecuritySettings.Jwt settings) {
    this.settings = settings;
  }

  @Override
  public AbstractAuthenticationToken convert(Jwt jwt) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String r : rolesOf(jwt.getClaim(settings.rolesClaim()))) {
      Role role = Role.parse(r);
      if (role != null) {
        roles.add(role);
      }
    }
    if (roles.isEmpty()) {
      throw invalid("the token names no Previs role in claim '" + settings.rolesClaim() + "'");
    }
    String studio = jwt.getClaimAsString(settings.studioClaim());
    boolean crossStudio = roles.contains(Role.OPS) || roles.contains(Role.PLATFORM);
    if ((studio == null || studio.isBlank()) && !crossStudio) {
      throw invalid("the token has no studio claim '" + settings.studioClaim() + "'");
    }
    String name = jwt.getClaimAsString("preferred_username");
    return new CallerAuthentication(
        new Caller(
            name != null ? name : jwt.getSubject(),
            crossStudio ? null : studio,
            roles,
            "jwt",
            null));
  }

  private static Collection<String> rolesOf(Object claim) {
    if (claim instanceof Collection<?> c) {
      return c.stream().map(String::valueOf).toList();
    }
    if (claim instanceof String s) {
      return List.of(s.split("[\\s,]+"));
    }
    return List.of();
  }

  private static OAuth2AuthenticationException invalid(String why) {
    return new OAuth2AuthenticationException(
        new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, why, null));
  }
}
