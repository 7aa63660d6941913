package io.previs.gateway.intake;

import io.previs.contracts.cloudevents.CloudEventHeaders;
import io.previs.contracts.topics.Topics;
import io.previs.gateway.input.StrictJson;
import io.previs.gateway.jobs.JobProjection;
import io.previs.gateway.jobs.JobView;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Kafka intake: render requests as plain JSON from any client, under any key, on a studio's own
 * topic previs.jobs.submit.&lt;studio&gt; (the topic, guarded by Kafka ACLs, proves the studio), on
 * previs.jobs.regenerate (the platform's), or — only while Kafka security is off — the open
 * previs.jobs.submit. Each is re-keyed by its job id onto previs.jobs.intake with where it came
 * from, and one thread decides on all of a job's submissions there; deciding here, on whatever
 * partition the client's key chose, would let two submissions of one job be accepted side by side.
 * A record that is not a JSON object is a poison record: it goes to its dead-letter topic
 * (previs.jobs.submit-dlt for every studio topic) with the reason.
 *
 * <p>A record with a {@code command} field is a command on one of the studio's jobs (cancel, pause,
 * resume, priority), not a request; see {@link KafkaCommands}.
 *
 * <p>A request without a clientJobId is given one derived from the record's coordinates, so a
 * redelivered record (this listener crashed after queueing it) is the same job, not a second one.
 */
@Component
class SubmitTopicListener {

  private final StrictJson json;
  private final IntakeQueue queue;
  private final JobProjection projection;
  private final KafkaCommands commands;

  SubmitTopicListener(
      StrictJson json, IntakeQueue queue, JobProjection projection, KafkaCommands commands) {
    this.json = json;
    this.queue = queue;
    this.projection = projection;
    this.commands = commands;
  }

  @KafkaListener(
      topicPattern = "#{@submitTopics.pattern()}",
      groupId = "previs-gateway-intake",
      containerFactory = "submitListenerFactory",
      concurrency = "${previs.gateway.intake-concurrency:3}",
      // a studio onboarded a moment ago should not wait five minutes for its topic to be read
      properties = "metadata.max.age.ms=30000")
  void onSubmit(ConsumerRecord<String, byte[]> record) {
    ObjectNode request = json.parseRecordValue(record.value());
    String submissionId = submissionId(record);
    Origin origin = originOf(record.topic());
    if (request.has(KafkaCommands.COMMAND)) {
      commands.handle(request, origin, submissionId);
      return;
    }
    Submissions.Assigned assigned =
        Submissions.assign(
            request,
            submissionId,
            () -> "auto-" + submissionId,
            origin,
            id -> projection.findFresh(id).map(JobView::status).orElse(null));
    String correlation = CloudEventHeaders.correlation(record.headers());
    queue.queue(assigned, submissionId, correlation != null ? correlation : submissionId, origin);
  }

  static Origin originOf(String topic) {
    String studio = Topics.studioOfSubmitTopic(topic);
    if (studio != null) {
      return new Origin("studio-topic", studio, "topic " + topic, "kafka", false, null);
    }
    if (Topics.JOBS_REGENERATE.name().equals(topic)) {
      return new Origin("platform-topic", null, "topic " + topic, "kafka", true, null);
    }
    return new Origin("shared-topic", null, "topic " + topic, "kafka", false, null);
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
