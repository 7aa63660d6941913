package io.previs.gateway.policy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The deployment's content policy settings ({@code previs.gateway.policy.*}).
 *
 * @param enabled off only for a deployment that screens prompts elsewhere; the decision then says
 *     so
 * @param refresh how long the lists read from storage are used before they are read again (a
 *     changed list applies within this, without a restart)
 * @param actions the action per category; what is not set here takes {@link #DEFAULT_ACTIONS}, and
 *     storage's {@code policy/policy.json} overrides both
 */
@ConfigurationProperties("previs.gateway.policy")
public record PolicySettings(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("30s") Duration refresh,
    Map<String, String> actions) {

  /**
   * The defaults, chosen so that previs for ordinary action and war cinema renders untouched:
   * battles, gunfights, explosions and stunts are in no list; only graphic gore is, and it goes to
   * a person rather than being refused. Sexual content involving minors is blocked and cannot be
   * configured otherwise.
   */
  public static final Map<String, PolicyAction> DEFAULT_ACTIONS =
      Map.ofEntries(
          Map.entry("minors", PolicyAction.BLOCK),
          Map.entry("minor-context", PolicyAction.ALLOW),
          Map.entry("sexual", PolicyAction.BLOCK),
          Map.entry("nudity", PolicyAction.REVIEW),
          Map.entry("extremism", PolicyAction.BLOCK),
          Map.entry("likeness", PolicyAction.BLOCK),
          Map.entry("style", PolicyAction.BLOCK),
          Map.entry("violence", PolicyAction.REVIEW),
          Map.entry("self-harm", PolicyAction.REVIEW),
          Map.entry("politics", PolicyAction.REVIEW),
          Map.entry("religion", PolicyAction.REVIEW));

  /** The one category no setting can soften. */
  public static final String MINORS = "minors";

  /**
   * Words for children: no finding alone; beside a {@code sexual} or {@code nudity} finding in the
   * same prompt they make a {@code minors} one.
   */
  public static final String MINOR_CONTEXT = "minor-context";

  public PolicySettings {
    if (refresh == null || refresh.isNegative() || refresh.isZero()) {
      throw new IllegalArgumentException("previs.gateway.policy.refresh must be positive");
    }
    Map<String, String> all = new LinkedHashMap<>();
    if (actions != null) {
      actions.forEach(
          (k, v) -> {
            PolicyAction.parse("previs.gateway.policy.actions." + k, v);
            all.put(k, v);
          });
    }
    actions = Map.copyOf(all);
  }

  public static PolicySettings defaults() {
    return new PolicySettings(true, Duration.ofSeconds(30), null);
  }

  /** The configured actions over the defaults. */
  public Map<String, PolicyAction> resolvedActions() {
    Map<String, PolicyAction> all = new LinkedHashMap<>(DEFAULT_ACTIONS);
    actions.forEach((k, v) -> all.put(k, PolicyAction.parse(k, v)));
    all.put(MINORS, PolicyAction.BLOCK);
    return all;
  }
}
