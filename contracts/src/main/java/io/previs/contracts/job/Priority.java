package io.previs.contracts.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Scheduling priority of a job. */
public enum Priority {
  LOW,
  NORMAL,
  HIGH,
  URGENT;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Null for an unknown value (the gateway turns that into a field error). */
  @JsonCreator
  public static Priority parse(String s) {
    if (s == null) {
      return null;
    }
    for (Priority p : values()) {
      if (p.wire().equalsIgnoreCase(s.trim())) {
        return p;
      }
    }
    return null;
  }
}
