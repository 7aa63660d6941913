package io.previs.gateway.sequences;

import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.Stage;
import io.previs.gateway.jobs.JobProjection;
import io.previs.gateway.jobs.JobView;
import io.previs.servicekit.jobs.JobContext;
import io.previs.servicekit.kafka.EventPublisher;
import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * Records a director's chosen take on the job log. The only writer of {@code take.selected}: the
 * event goes on the chosen version's job, and is applied to the projection at once so the
 * sequence's cut (and the next request) sees it.
 */
@Component
class TakeSelections {

  private final JobProjection projection;
  private final EventPublisher publisher;
  private final Clock clock = Clock.systemUTC();

  TakeSelections(JobProjection projection, EventPublisher publisher) {
    this.projection = projection;
    this.publisher = publisher;
  }

  JobEvent record(JobView job, JobEvent.Take take, String correlationId) {
    JobEvent event =
        JobEvent.of(JobEventType.TAKE_SELECTED, job.jobId(), job.studio(), clock.instant())
            .withStage(Stage.QC)
            .withTake(take)
            .withReason(
                "take "
                    + take.variant()
                    + " of v"
                    + String.format("%03d", take.version())
                    + " chosen for shot "
                    + take.shot()
                    + " by "
                    + take.by());
    try (JobContext scope = JobContext.enter(job.jobId(), correlationId)) {
      publisher.publishJobEvent(event, correlationId == null ? job.jobId() : correlationId);
      projection.apply(event);
    }
    return event;
  }
}
