package io.previs.gateway.intake;

import io.previs.contracts.cloudevents.CloudEventHeaders;
import io.previs.gateway.input.StrictJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Kafka intake: render requests as plain JSON on previs.jobs.submit, from any client, under any
 * key. Each is re-keyed by its job id onto previs.jobs.intake, where one thread decides on all of a
 * job's submissions; deciding here, on whatever partition the client's key chose, would let two
 * submissions of one job be accepted side by side. A record that is not a JSON object is a poison
 * record and goes to previs.jobs.submit-dlt with the reason.
 *
 * <p>A request without a clientJobId is given one derived from the record's coordinates, so a
 * redelivered record (this listener crashed after queueing it) is the same job, not a second one.
 */
@Component
class SubmitTopicListener {

  private final StrictJson json;
  private final IntakeQueue queue;

  SubmitTopicListener(StrictJson json, IntakeQueue queue) {
    this.json = json;
    this.queue = queue;
  }

  @KafkaListener(
      topics = "previs.jobs.submit",
      groupId = "previs-gateway-intake",
      containerFactory = "rawListenerFactory",
      concurrency = "${previs.gateway.intake-concurrency:3}")
  void onSubmit(ConsumerRecord<String, byte[]> record) {
    ObjectNode request = json.parseRecordValue(record.value());
    String submissionId = submissionId(record);
    Submissions.Assigned assigned =
        Submissions.assign(request, submissionId, () -> "auto-" + submissionId);
    String correlation = CloudEventHeaders.correlation(record.headers());
    queue.queue(assigned, submissionId, correlation != null ? correlation : submissionId, "kafka");
  }

  /** The same for every delivery of one record, and distinct for distinct records. */
  static String submissionId(ConsumerRecord<?, ?> r) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(
          (r.topic() + "/" + r.partition() + "/" + r.offset() + "/" + r.timestamp())
              .getBytes(StandardCharsets.UTF_8));
      return "k" + HexFormat.of().formatHex(md.digest(), 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
