package io.previs.gateway.intake;

import io.micrometer.core.instrument.MeterRegistry;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEvent.FieldError;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.JobSpec;
import io.previs.contracts.job.Stage;
import io.previs.gateway.jobs.JobProjection;
import io.previs.gateway.jobs.JobStatus;
import io.previs.gateway.jobs.JobView;
import io.previs.servicekit.jobs.JobContext;
import io.previs.servicekit.kafka.EventPublisher;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Decides what happens to a submission — accept, reject with every field error, or recognise it as
 * a resubmission of a job already accepted — and records the decision on the job's event log. Both
 * intake paths (Kafka and REST) go through here, so they cannot disagree.
 */
@Component
public class Admission {

  private static final Logger log = LoggerFactory.getLogger(Admission.class);

  public enum Outcome {
    ACCEPTED,
    REJECTED,
    DUPLICATE
  }

  public record Decision(
      Outcome outcome,
      String jobId,
      String studio,
      JobSpec spec,
      List<FieldError> errors,
      JobView existing) {}

  private final RequestValidator validator;
  private final JobProjection projection;
  private final EventPublisher publisher;
  private final MeterRegistry registry;
  private final Clock clock;

  public Admission(
      RequestValidator validator,
      JobProjection projection,
      EventPublisher publisher,
      MeterRegistry registry) {
    this.validator = validator;
    this.projection = projection;
    this.publisher = publisher;
    this.registry = registry;
    this.clock = Clock.systemUTC();
  }

  public Decision decide(JsonNode body) {
    var parsed = RenderRequestParser.parse(body);
    var result = validator.validate(parsed.request(), parsed.errors(), clock.instant());
    String studio = parsed.request().studio();
    if (!result.valid()) {
      String jobId = result.jobId() != null ? result.jobId() : "rejected-" + UUID.randomUUID();
      return new Decision(Outcome.REJECTED, jobId, studio, null, result.errors(), null);
    }
    JobView existing = projection.find(result.jobId()).orElse(null);
    if (existing != null && existing.status() != JobStatus.REJECTED) {
      return new Decision(
          Outcome.DUPLICATE, result.jobId(), studio, result.spec(), List.of(), existing);
    }
    return new Decision(Outcome.ACCEPTED, result.jobId(), studio, result.spec(), List.of(), null);
  }

  /** Publishes the decision on previs.jobs.events and applies it to the projection at once. */
  public void record(Decision d, String correlationId) {
    Instant now = clock.instant();
    JobEvent event =
        switch (d.outcome()) {
          case ACCEPTED ->
              JobEvent.of(JobEventType.ACCEPTED, d.jobId(), d.studio(), now)
                  .withStage(Stage.INTAKE)
                  .withSpec(d.spec());
          case REJECTED ->
              JobEvent.of(JobEventType.REJECTED, d.jobId(), d.studio(), now)
                  .withStage(Stage.INTAKE)
                  .withErrors(d.errors());
          case DUPLICATE ->
              JobEvent.of(JobEventType.DUPLICATE, d.jobId(), d.studio(), now)
                  .withStage(Stage.INTAKE)
                  .withReason(
                      "client job id already submitted at "
                          + d.existing().submittedAt()
                          + "; nothing new is rendered");
        };
    try (JobContext job = JobContext.enter(d.jobId(), correlationId)) {
      publisher.publishJobEvent(event, correlationId == null ? d.jobId() : correlationId);
      projection.apply(event);
      registry
          .counter("previs.jobs.submitted", "outcome", d.outcome().name().toLowerCase())
          .increment();
      if (d.outcome() == Outcome.REJECTED) {
        log.info("Rejected: {}", d.errors());
      } else {
        log.info("{} ({} shards)", d.outcome(), d.spec() == null ? 0 : d.spec().shardCount());
      }
    }
  }
}
