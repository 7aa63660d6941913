package io.previs.gateway.security;

import java.util.EnumSet;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is asking: the principal's name, its studio (null for ops and platform principals) and roles,
 * and how it proved it. The one object every tenant decision reads.
 *
 * @param kind {@code api-key}, {@code jwt}, or {@code local} (security turned off)
 * @param keyId the API key's id, for the audit trail
 */
public record Caller(String name, String studio, Set<Role> roles, String kind, String keyId) {

  /** Security off (a developer's own machine): one caller that may do everything. */
  public static final Caller LOCAL =
      new Caller("local", null, EnumSet.allOf(Role.class), "local", null);

  public Caller {
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
  }

  public boolean has(Role r) {
    return roles.contains(r);
  }

  /** Ops and the platform read across studios; everyone else reads their own. */
  public boolean seesAllStudios() {
    return has(Role.OPS) || has(Role.PLATFORM);
  }

  /** Whether this caller may see what belongs to {@code studio}. */
  public boolean sees(String studio) {
    return seesAllStudios() || (this.studio != null && this.studio.equals(studio));
  }

  /** The authenticated caller of this request, or null when there is none. */
  public static Caller current() {
    Authentication a = SecurityContextHolder.getContext().getAuthentication();
    if (a instanceof CallerAuthentication c) {
      return c.caller();
    }
    return null;
  }

  /** As {@link #current()}, for code that runs only behind authentication. */
  public static Caller require() {
    Caller c = current();
    if (c == null) {
      throw new IllegalStateException("no authenticated caller on this request");
    }
    return c;
  }
}
