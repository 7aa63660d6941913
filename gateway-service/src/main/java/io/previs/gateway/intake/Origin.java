package io.previs.gateway.intake;

import io.previs.contracts.cloudevents.CloudEventHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * Where a submission came from, established by the gateway at the edge and carried on its
 * previs.jobs.intake record (which only the gateway writes) to the decision: the studio the
 * submission is from as far as credentials or topic ACLs prove it, and whether the platform made
 * it. The body's own {@code studio} is checked against it, never trusted over it.
 *
 * @param via {@code rest}, {@code studio-topic}, {@code platform-topic} or {@code shared-topic}
 * @param studio the proven studio; null when nothing proves one (ops, platform, the open topic)
 * @param actor who, for the audit log: the caller, or the topic a record was read from
 * @param actorKind {@code api-key}, {@code jwt}, {@code local} or {@code kafka}
 * @param platform may submit for any studio and set {@code previs.*} labels
 * @param source the client's address (REST)
 */
record Origin(
    String via, String studio, String actor, String actorKind, boolean platform, String source) {

  private static final String PREFIX = "previs_origin_";

  void write(Headers h) {
    put(h, "via", via);
    put(h, "studio", studio);
    put(h, "actor", actor);
    put(h, "actor_kind", actorKind);
    put(h, "platform", Boolean.toString(platform));
    put(h, "source", source);
  }

  /** The origin on an intake record; a record without one is treated as the open topic's. */
  static Origin read(Headers h) {
    String via = CloudEventHeaders.get(h, PREFIX + "via");
    if (via == null) {
      return new Origin("shared-topic", null, "unknown", "kafka", false, null);
    }
    return new Origin(
        via,
        CloudEventHeaders.get(h, PREFIX + "studio"),
        CloudEventHeaders.get(h, PREFIX + "actor"),
        CloudEventHeaders.get(h, PREFIX + "actor_kind"),
        Boolean.parseBoolean(CloudEventHeaders.get(h, PREFIX + "platform")),
        CloudEventHeaders.get(h, PREFIX + "source"));
  }

  private static void put(Headers h, String name, String value) {
    h.remove(PREFIX + name);
    if (value != null) {
      h.add(PREFIX + name, value.getBytes(StandardCharsets.UTF_8));
    }
  }
}
