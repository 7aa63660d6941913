package io.previs.gateway.security;

import java.util.Locale;

/**
 * What a caller may do. {@link #SUBMITTER} and {@link #REVIEWER} act within one studio; {@link
 * #OPS} reads across studios and manages keys, quotas and pools; {@link #PLATFORM} is the services
 * themselves (QC's regenerations) and alone may set {@code previs.*} labels.
 */
public enum Role {
  SUBMITTER,
  REVIEWER,
  OPS,
  PLATFORM;

  /** Spring Security's authority name for the role. */
  public String authority() {
    return "ROLE_" + name();
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role a claim or a request names, or null. */
  public static Role parse(String s) {
    if (s == null) {
      return null;
    }
    for (Role r : values()) {
      if (r.wire().equals(s.strip().toLowerCase(Locale.ROOT))) {
        return r;
      }
    }
    return null;
  }
}
