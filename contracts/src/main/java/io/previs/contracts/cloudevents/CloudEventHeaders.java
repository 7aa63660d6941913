package io.previs.contracts.cloudevents;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Reads and writes CloudEvents 1.0 attributes as Kafka headers (binary content mode). */
public final class CloudEventHeaders {

  public static final String SPEC_VERSION = "ce_specversion";
  public static final String ID = "ce_id";
  public static final String TYPE = "ce_type";
  public static final String SOURCE = "ce_source";
  public static final String TIME = "ce_time";
  public static final String SUBJECT = "ce_subject";
  public static final String CORRELATION_ID = "ce_correlationid";
  public static final String CONTENT_TYPE = "content-type";

  private CloudEventHeaders() {}

  public static void write(Headers headers, EventMetadata m) {
    put(headers, SPEC_VERSION, "1.0");
    put(headers, ID, m.id() == null ? UUID.randomUUID().toString() : m.id());
    put(headers, TYPE, m.type());
    put(headers, SOURCE, m.source());
    put(headers, TIME, (m.time() == null ? Instant.now() : m.time()).toString());
    if (m.subject() != null) {
      put(headers, SUBJECT, m.subject());
    }
    if (m.correlationId() != null) {
      put(headers, CORRELATION_ID, m.correlationId());
    }
    put(headers, CONTENT_TYPE, "application/json");
  }

  /** The attributes present on a record; empty when it carries no {@code ce_id} (plain JSON). */
  public static Optional<EventMetadata> read(Headers headers) {
    String id = get(headers, ID);
    if (id == null) {
      return Optional.empty();
    }
    Instant time = null;
    String t = get(headers, TIME);
    if (t != null) {
      try {
        time = Instant.parse(t);
      } catch (DateTimeParseException ignored) {
        // A malformed time attribute does not make the event unreadable.
      }
    }
    return Optional.of(
        new EventMetadata(
            id,
            get(headers, TYPE),
            get(headers, SOURCE),
            time,
            get(headers, SUBJECT),
            get(headers, CORRELATION_ID)));
  }

  /**
   * The record's correlation id: the one fixed at submission, else (a studio's own record that has
   * none) the record's CloudEvents id, else null.
   */
  public static String correlation(Headers headers) {
    String c = get(headers, CORRELATION_ID);
    return c != null ? c : get(headers, ID);
  }

  public static String get(Headers headers, String name) {
    Header h = headers.lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static void put(Headers headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
