package io.previs.contracts.scheduling;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.previs.contracts.job.Priority;
import java.time.Instant;
import java.util.Locale;

/**
 * A command on a job, from its studio (REST or the studio's submit topic) or ops, checked and
 * forwarded by the gateway to the scheduler, which applies it and records the outcome on the job's
 * event log.
 *
 * @param commandId unique per command (idempotency: a redelivered command is applied once)
 * @param priority the new priority, for {@code priority}
 * @param by who asked (the caller's principal)
 */
public record JobCommand(
    int schemaVersion,
    String commandId,
    Action action,
    String jobId,
    String studio,
    Priority priority,
    String by,
    String reason,
    Instant at) {

  public static final int SCHEMA_VERSION = 1;

  public enum Action {
    CANCEL,
    PAUSE,
    RESUME,
    PRIORITY;

    @JsonValue
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Null for an unknown action. */
    @JsonCreator
    public static Action parse(String s) {
      for (Action a : values()) {
        if (a.wire().equals(s)) {
          return a;
        }
      }
      return null;
    }
  }
}
