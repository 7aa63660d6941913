package io.previs.servicekit.kafka;

import io.previs.contracts.cloudevents.CloudEventHeaders;
import io.previs.contracts.cloudevents.EventMetadata;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.topics.Topic;
import io.previs.contracts.topics.Topics;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * Publishes contract records with their CloudEvents attributes as {@code ce_} headers. Every event
 * gets a fresh id, the topic's type (plus a suffix for multi-type topics), this service as source,
 * the job as subject and the job's correlation id.
 */
public final class EventPublisher {

  private final KafkaTemplate<String, Object> template;
  private final String source;

  public EventPublisher(KafkaTemplate<String, Object> template, String serviceName) {
    this.template = template;
    this.source = "/previs/" + serviceName;
  }

  public String source() {
    return source;
  }

  /**
   * Sends {@code value} keyed by {@code key}.
   *
   * @param typeSuffix appended to the topic's CloudEvents type (e.g. "accepted"), or null
   * @param subject the job id
   */
  public <T> CompletableFuture<SendResult<String, Object>> publish(
      Topic<T> topic,
      String key,
      T value,
      String typeSuffix,
      String subject,
      String correlationId) {
    return send(topic, key, value, typeSuffix, subject, correlationId, null, null);
  }

  /**
   * Forwards a payload that is not (yet) a contract record, e.g. a client's request JSON tree,
   * verbatim to {@code topic}, with CloudEvents headers, and waits for the broker.
   *
   * @param eventId the record's {@code ce_id} (the caller names the event it will wait for)
   * @param headers adds the caller's own headers to the record
   */
  public void forwardAndWait(
      Topic<?> topic,
      String key,
      Object payload,
      String typeSuffix,
      String subject,
      String correlationId,
      String eventId,
      Consumer<Headers> headers) {
    await(topic, send(topic, key, payload, typeSuffix, subject, correlationId, eventId, headers));
  }

  private CompletableFuture<SendResult<String, Object>> send(
      Topic<?> topic,
      String key,
      Object value,
      String typeSuffix,
      String subject,
      String correlationId,
      String eventId,
      Consumer<Headers> headers) {
    ProducerRecord<String, Object> record = new ProducerRecord<>(topic.name(), key, value);
    if (headers != null) {
      headers.accept(record.headers());
    }
    String type =
        typeSuffix == null ? topic.cloudEventType() : topic.cloudEventType() + "." + typeSuffix;
    CloudEventHeaders.write(
        record.headers(),
        new EventMetadata(
            eventId != null ? eventId : UUID.randomUUID().toString(),
            type,
            source,
            Instant.now(),
            subject,
            correlationId));
    return template.send(record);
  }

  /**
   * Publishes and waits for the broker's acknowledgement (for stage boundaries that must not be
   * lost).
   */
  public <T> void publishAndWait(
      Topic<T> topic,
      String key,
      T value,
      String typeSuffix,
      String subject,
      String correlationId) {
    await(topic, publish(topic, key, value, typeSuffix, subject, correlationId));
  }

  /**
   * Publishes a job event to {@code previs.jobs.events}, keyed by its job (so a job's events stay
   * in order), typed by its event type, and waits: job events are the job's state, none may be
   * lost.
   */
  public void publishJobEvent(JobEvent event, String correlationId) {
    publishAndWait(
        Topics.JOBS_EVENTS,
        event.jobId(),
        event,
        event.type().wire(),
        event.jobId(),
        correlationId);
  }

  private static void await(Topic<?> topic, CompletableFuture<SendResult<String, Object>> f) {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing to " + topic.name(), e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(
          "cannot publish to " + topic.name() + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  /** Serialises a record exactly as it goes on the wire (for tests and storage markers). */
  public static byte[] toJson(Object value) {
    return PrevisJson.mapper().writeValueAsBytes(value);
  }
}
