package io.previs.gateway.intake;

import io.previs.contracts.topics.Topics;
import io.previs.servicekit.kafka.EventPublisher;
import org.springframework.stereotype.Component;

/** Queues a submission on previs.jobs.intake, keyed by its job, and waits for the broker. */
@Component
class IntakeQueue {

  private final EventPublisher publisher;

  IntakeQueue(EventPublisher publisher) {
    this.publisher = publisher;
  }

  /**
   * @param origin where the submission came from, as the edge proved it (headers on the record);
   *     its {@code via} is also the CloudEvents type suffix, for whoever reads the topic
   */
  void queue(Submissions.Assigned s, String submissionId, String correlationId, Origin origin) {
    publisher.forwardAndWait(
        Topics.JOBS_INTAKE,
        s.jobId(),
        s.request(),
        origin.via(),
        s.jobId(),
        correlationId,
        submissionId,
        origin::write);
  }
}
