package io.previs.gateway.policy;

import java.util.Locale;

/** What a policy does with a request that holds a listed term, weakest first. */
public enum PolicyAction {
  /** Rendered; the finding is still recorded in the decision. */
  ALLOW,
  /** Held before any GPU time until a person (ops) approves or rejects it. */
  REVIEW,
  /** Rejected at intake, naming the term, where it is and the rule. */
  BLOCK;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * {@code block}, {@code review} or {@code allow}; anything else names the field and the values.
   */
  public static PolicyAction parse(String field, String value) {
    for (PolicyAction a : values()) {
      if (a.wire().equals(value)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        field + ": '" + value + "' is not one of block, review, allow");
  }

  public PolicyAction stronger(PolicyAction other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
