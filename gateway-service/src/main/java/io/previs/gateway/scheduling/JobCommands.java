package io.previs.gateway.scheduling;

import io.previs.contracts.job.Priority;
import io.previs.contracts.scheduling.JobCommand;
import io.previs.contracts.scheduling.SchedulerInput;
import io.previs.contracts.storage.ObjectKeys;
import io.previs.contracts.topics.Topics;
import io.previs.gateway.input.JobConflictException;
import io.previs.gateway.jobs.JobView;
import io.previs.servicekit.kafka.EventPublisher;
import io.previs.servicekit.storage.ObjectStore;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Checks a command on a job against the job's state and hands it to the scheduler, which applies it
 * and records the outcome on the job's log. The one place both paths (REST and a studio's submit
 * topic) send commands from.
 */
@Component
public class JobCommands {

  private final EventPublisher publisher;
  private final ObjectStore store;
  private final Clock clock = Clock.systemUTC();

  public JobCommands(EventPublisher publisher, ObjectStore store) {
    this.publisher = publisher;
    this.store = store;
  }

  /**
   * @param job the job, already scoped to the caller's studio
   * @return the command as sent
   * @throws JobConflictException when the job has ended (or, for resume, is not paused)
   */
  public JobCommand send(
      JobView job, JobCommand.Action action, Priority priority, String by, String reason) {
    if (job.status().terminal()) {
      throw new JobConflictException(
          job.jobId(),
          job.status().name().toLowerCase(java.util.Locale.ROOT),
          "job "
              + job.jobId()
              + " is "
              + job.status().name().toLowerCase(java.util.Locale.ROOT)
              + "; only a queued or running job can be "
              + past(action));
    }
    if (action == JobCommand.Action.PRIORITY && priority == null) {
      throw new IllegalArgumentException("priority is required");
    }
    JobCommand c =
        new JobCommand(
            JobCommand.SCHEMA_VERSION,
            UUID.randomUUID().toString(),
            action,
            job.jobId(),
            job.studio(),
            priority,
            by,
            reason,
            clock.instant());
    if (action == JobCommand.Action.CANCEL) {
      // Before the scheduler hears of it: stages that run after (post-processing, QC, a late
      // plan) check this marker, so nothing further is produced for the job.
      store.put(
          ObjectKeys.cancelled(job.studio(), job.jobId()),
          EventPublisher.toJson(Map.of("jobId", job.jobId(), "by", by, "at", c.at().toString())),
          "application/json");
    }
    SchedulerInput in = SchedulerInput.of(c);
    try {
      publisher.publish(Topics.SCHEDULER_INBOX, in.key(), in, "command", job.jobId(), null).get();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("the scheduler could not be told: " + e.getMessage(), e);
    }
    return c;
  }

  static String past(JobCommand.Action a) {
    return switch (a) {
      case CANCEL -> "cancelled";
      case PAUSE -> "paused";
      case RESUME -> "resumed";
      case PRIORITY -> "re-prioritised";
    };
  }

  static boolean paused(JobView job) {
    return job.scheduling() != null && job.scheduling().paused();
  }
}
