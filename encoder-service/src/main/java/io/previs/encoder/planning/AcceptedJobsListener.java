package io.previs.encoder.planning;

import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import io.previs.diffusion.bundle.BundleValidationException;
import io.previs.servicekit.jobs.JobContext;
import io.previs.servicekit.kafka.NonRetryableException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Listens for accepted jobs on the job event log; every other event type passes by. */
@Component
class AcceptedJobsListener {

  private final ShardPlanner planner;

  AcceptedJobsListener(ShardPlanner planner) {
    this.planner = planner;
  }

  @KafkaListener(
      topics = "previs.jobs.events",
      groupId = "previs-encoder",
      containerFactory = "jobEventsFactory")
  void onJobEvent(JobEvent e) {
    if (e.type() != JobEventType.ACCEPTED || e.spec() == null) {
      return;
    }
    try {
      planner.plan(e.jobId(), e.spec(), JobContext.correlationId(e.jobId()));
    } catch (BundleValidationException ex) {
      throw new NonRetryableException(
          "model " + e.spec().modelId() + " cannot be loaded: " + ex.getMessage(), ex);
    }
  }
}
