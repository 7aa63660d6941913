package io.previs.gateway.jobs;

import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import io.previs.gateway.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.time.Duration;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events of one job: everything so far, then live events until the job completes or
 * fails. Each SSE event is named by the job event type and carries the event JSON.
 */
@RestController
@Tag(name = "jobs")
class JobEventsController {

  private static final Duration TIMEOUT = Duration.ofHours(2);

  private final JobProjection projection;
  private final StudioScope scope;

  JobEventsController(JobProjection projection, StudioScope scope) {
    this.projection = projection;
    this.scope = scope;
  }

  @Operation(summary = "Stream a job's events (text/event-stream): history first, then live")
  @GetMapping(path = "/v1/jobs/{jobId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter events(@PathVariable String jobId) {
    scope.require(Caller.require(), jobId);
    SseEmitter emitter = new SseEmitter(TIMEOUT.toMillis());
    Object lock = new Object();
    Runnable[] unwatch = new Runnable[1];
    synchronized (lock) {
      unwatch[0] =
          projection.watch(
              jobId,
              e -> {
                synchronized (lock) {
                  send(emitter, e, unwatch[0]);
                }
              });
      for (JobEvent e : projection.events(jobId)) {
        send(emitter, e, unwatch[0]);
      }
    }
    emitter.onCompletion(() -> unwatch[0].run());
    emitter.onTimeout(() -> unwatch[0].run());
    emitter.onError(t -> unwatch[0].run());
    return emitter;
  }

  private static void send(SseEmitter emitter, JobEvent e, Runnable unwatch) {
    try {
      emitter.send(SseEmitter.event().name(e.type().wire()).data(e, MediaType.APPLICATION_JSON));
      if (e.type() == JobEventType.COMPLETED
          || e.type() == JobEventType.FAILED
          || e.type() == JobEventType.REJECTED) {
        emitter.complete();
        if (unwatch != null) {
          unwatch.run();
        }
      }
    } catch (IOException | IllegalStateException ex) {
      if (unwatch != null) {
        unwatch.run();
      }
    }
  }
}
