package io.previs.gateway.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the gateway, and how they prove it.
 *
 * @param enabled off only on a developer's own machine: every request is then the {@link
 *     Caller#LOCAL} caller
 * @param jwt OAuth2 resource server settings; JWTs are accepted when {@code jwksUri} is set
 * @param seedKeys API keys that exist from start-up (the first ops key of a deployment, from a
 *     Secret; the embedded stack's local keys); created or re-keyed to the given secret when needed
 * @param bcryptStrength cost of the slow hash API key secrets are stored under
 * @param lastUsedInterval how often a key's last-use time is written (at most)
 * @param sharedSubmitTopic read the open previs.jobs.submit topic (any studio may claim any body):
 *     for the embedded stack; off wherever Kafka security is on
 */
@ConfigurationProperties("previs.security")
public record SecuritySettings(
    @DefaultValue("true") boolean enabled,
    @DefaultValue Jwt jwt,
    List<SeedKey> seedKeys,
    @DefaultValue("10") int bcryptStrength,
    @DefaultValue("1m") Duration lastUsedInterval,
    @DefaultValue("true") boolean sharedSubmitTopic) {

  public SecuritySettings {
    seedKeys = seedKeys == null ? List.of() : List.copyOf(seedKeys);
    if (bcryptStrength < 4 || bcryptStrength > 16) {
      throw new IllegalArgumentException(
          "previs.security.bcrypt-strength " + bcryptStrength + " is outside 4..16");
    }
  }

  /**
   * @param issuer the {@code iss} tokens must carry
   * @param jwksUri where the issuer publishes its signing keys
   * @param audience the {@code aud} tokens must include (none checked when empty)
   * @param studioClaim the claim naming the caller's studio
   * @param rolesClaim the claim listing the caller's roles (a list, or a space-separated string)
   */
  public record Jwt(
      String issuer,
      String jwksUri,
      String audience,
      @DefaultValue("previs_studio") String studioClaim,
      @DefaultValue("previs_roles") String rolesClaim,
      @DefaultValue("60s") Duration clockSkew) {

    public boolean configured() {
      return jwksUri != null && !jwksUri.isBlank();
    }
  }

  /** A key that must exist: {@code secret} is the part after {@code pvk_<id>_}. */
  public record SeedKey(String id, String studio, String name, List<String> roles, String secret) {}
}
