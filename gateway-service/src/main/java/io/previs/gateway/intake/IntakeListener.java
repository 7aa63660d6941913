package io.previs.gateway.intake;

import io.previs.contracts.cloudevents.CloudEventHeaders;
import io.previs.gateway.input.StrictJson;
import io.previs.servicekit.kafka.NonRetryableException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Decides on submissions, one job's at a time: previs.jobs.intake is keyed by job id, so every
 * submission of a job lands on one partition and one consumer thread of one gateway replica takes
 * them in order. That, and Admission reading every earlier decision first, is what makes a job
 * accepted once however many replicas run and whatever key the client used.
 */
@Component
class IntakeListener {

  private final StrictJson json;
  private final Admission admission;

  IntakeListener(StrictJson json, Admission admission) {
    this.json = json;
    this.admission = admission;
  }

  @KafkaListener(
      topics = "previs.jobs.intake",
      groupId = "previs-gateway-admission",
      containerFactory = "intakeListenerFactory",
      concurrency = "${previs.gateway.intake-concurrency:3}")
  void onIntake(ConsumerRecord<String, byte[]> record) {
    if (record.key() == null || record.value() == null) {
      throw new NonRetryableException("intake records carry a job id key and a request");
    }
    var request = json.parseRecordValue(record.value());
    String submissionId = CloudEventHeaders.get(record.headers(), CloudEventHeaders.ID);
    Origin origin = Origin.read(record.headers());
    admission.record(
        admission.decide(request, record.key(), submissionId, origin),
        origin,
        CloudEventHeaders.correlation(record.headers()));
  }
}
