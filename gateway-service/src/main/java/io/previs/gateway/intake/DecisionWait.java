package io.previs.gateway.intake;

import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import io.previs.gateway.jobs.JobProjection;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits, on this replica's projection, for intake's decision on one submission (the event naming it
 * in {@code submissionId}). Opened before the submission is queued, so the answer cannot slip by.
 */
final class DecisionWait implements AutoCloseable {

  private static final Set<JobEventType> DECISIONS =
      Set.of(
          JobEventType.ACCEPTED,
          JobEventType.POLICY_HELD,
          JobEventType.REJECTED,
          JobEventType.DUPLICATE);

  private final CompletableFuture<JobEvent> decision = new CompletableFuture<>();
  private final Runnable unwatch;

  DecisionWait(JobProjection projection, String jobId, String submissionId) {
    unwatch =
        projection.watch(
            jobId,
            e -> {
              if (DECISIONS.contains(e.type()) && submissionId.equals(e.submissionId())) {
                decision.complete(e);
              }
            });
  }

  /** The decision, or null if none came within {@code timeout}. */
  JobEvent await(Duration timeout) throws InterruptedException {
    try {
      return decision.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return null;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public void close() {
    unwatch.run();
  }
}
