package io.previs.gateway.intake;

import io.previs.contracts.job.JobEvent;
import io.previs.gateway.GatewayProperties;
import io.previs.gateway.jobs.JobProjection;
import io.previs.gateway.jobs.JobView;
import io.previs.gateway.security.Caller;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * A submission from its identity to intake's decision, for REST clients and for requests the
 * gateway itself makes on a person's behalf (the next version of a shot, more takes like one):
 * those go through the same intake queue and {@link Admission} as any submission — validated,
 * priced, screened by the content policy — as the platform (it may set {@code previs.*} labels), in
 * the person's studio, with the person named as the actor.
 */
@Component
public class PlatformSubmissions {

  private final IntakeQueue queue;
  private final JobProjection projection;
  private final GatewayProperties props;

  PlatformSubmissions(IntakeQueue queue, JobProjection projection, GatewayProperties props) {
    this.queue = queue;
    this.projection = projection;
    this.props = props;
  }

  /**
   * The first of {@code from, from + 1, …} whose clientJobId in the studio names no job, or names
   * one {@code reuse} accepts (intake may look any job up; the caller learns only a number).
   */
  public int firstFree(
      String studio,
      int from,
      java.util.function.IntFunction<String> clientJobIdOf,
      java.util.function.Predicate<JobView> reuse) {
    for (int n = from; ; n++) {
      JobView taken =
          projection
              .findFresh(io.previs.contracts.job.JobIds.jobId(studio, clientJobIdOf.apply(n)))
              .orElse(null);
      if (taken == null || reuse.test(taken)) {
        return n;
      }
    }
  }

  /**
   * Queues the request and waits for intake's decision: {@code accepted}, {@code policy.held},
   * {@code duplicate} or {@code rejected}.
   *
   * @throws IntakeTimeoutException when intake did not decide within {@code
   *     previs.gateway.intake-timeout} (the request stays queued; asking again meets it)
   * @param via what made it ({@code review}): the audit log's and the origin's channel
   */
  public JobEvent submit(ObjectNode request, Caller onBehalfOf, String via, String correlationId)
      throws InterruptedException {
    String submissionId = via + "-" + UUID.randomUUID();
    Origin origin =
        new Origin(via, onBehalfOf.studio(), onBehalfOf.name(), onBehalfOf.kind(), true, via);
    Decided d = decide(request, submissionId, origin, correlationId);
    if (d.decision() == null) {
      throw new IntakeTimeoutException(
          d.assigned().jobId(), d.assigned().clientJobId(), props.intakeTimeout());
    }
    return d.decision();
  }

  /** A submission's identity, and intake's decision on it (null: none in time). */
  record Decided(Submissions.Assigned assigned, JobEvent decision) {}

  /**
   * Gives the request its identity, queues it and waits for intake's decision: what every REST
   * submission does, a client's ({@link SubmissionsController}) or the gateway's own.
   */
  Decided decide(ObjectNode request, String submissionId, Origin origin, String correlationId)
      throws InterruptedException {
    Submissions.Assigned assigned =
        Submissions.assign(
            request,
            submissionId,
            () -> UUID.randomUUID().toString(),
            origin,
            id -> projection.findFresh(id).map(JobView::status).orElse(null));
    try (DecisionWait wait = new DecisionWait(projection, assigned.jobId(), submissionId)) {
      queue.queue(
          assigned, submissionId, correlationId != null ? correlationId : submissionId, origin);
      return new Decided(assigned, wait.await(props.intakeTimeout()));
    }
  }
}
