package io.previs.gateway.intake;

import io.previs.contracts.cloudevents.CloudEventHeaders;
import io.previs.gateway.input.MalformedJsonException;
import io.previs.gateway.input.StrictJson;
import io.previs.servicekit.kafka.NonRetryableException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The Kafka intake: render requests as plain JSON on previs.jobs.submit, from any client. A record
 * that is not a JSON object at all is a poison record and goes to previs.jobs.submit-dlt with the
 * reason; a JSON request with bad fields is a rejected job, recorded on the job's event log.
 */
@Component
class SubmitTopicListener {

  private final Admission admission;

  SubmitTopicListener(Admission admission) {
    this.admission = admission;
  }

  @KafkaListener(
      topics = "previs.jobs.submit",
      groupId = "previs-gateway-intake",
      containerFactory = "submitListenerFactory",
      concurrency = "${previs.gateway.intake-concurrency:3}")
  void onSubmit(ConsumerRecord<String, byte[]> record) {
    var body = parse(record.value());
    admission.record(admission.decide(body), CloudEventHeaders.correlation(record.headers()));
  }

  private static tools.jackson.databind.JsonNode parse(byte[] value) {
    if (value == null) {
      throw new NonRetryableException("empty record value");
    }
    try {
      return StrictJson.object(value);
    } catch (MalformedJsonException e) {
      throw new NonRetryableException(e.getMessage(), e);
    }
  }
}
