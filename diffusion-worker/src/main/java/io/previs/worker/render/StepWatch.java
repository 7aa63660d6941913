package io.previs.worker.render;

import io.micrometer.core.instrument.MeterRegistry;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.Stage;
import io.previs.contracts.shard.ShardTask;
import io.previs.servicekit.kafka.EventPublisher;
import io.previs.worker.WorkerProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The worker's {@link StepWatchdog}, driven every second: a stall becomes a {@code shard.stalled}
 * job event and {@code previs.worker.stalls}; a hang breaks the application's liveness (Spring
 * Boot's {@link LivenessState}, which {@code /actuator/health/liveness} — the pod's liveness probe
 * — reports), with the render thread's stack in the log, so ops see where it hung.
 */
@Component
public class StepWatch implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(StepWatch.class);

  /** What a watched render carries for the reports. */
  record Context(ShardTask task, String correlationId, Thread renderThread) {}

  private final StepWatchdog dog;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("step-watch").factory());
  private volatile boolean running;

  public StepWatch(
      WorkerProperties props,
      EventPublisher publisher,
      MeterRegistry registry,
      ApplicationEventPublisher events,
      io.previs.servicekit.storage.ObjectStore store) {
    this.dog =
        new StepWatchdog(
            props.stallFactor(),
            props.stallMinimum(),
            props.hangTimeout(),
            System::nanoTime,
            new StepWatchdog.Listener() {
              @Override
              public void stalled(
                  StepWatchdog.Watch w, int step, Duration running, Duration expected) {
                Context c = (Context) w.context();
                if (store.waiting() > 0) {
                  // Held up by storage (a checkpoint write waiting out an outage), not the GPU:
                  // the job already says storage.waiting.
                  return;
                }
                String why =
                    "step %d running for %.1f s, %.0f× the %.2f s this model's steps take on %s"
                        .formatted(
                            step,
                            running.toMillis() / 1000.0,
                            running.toNanos() / (double) Math.max(1, expected.toNanos()),
                            expected.toMillis() / 1000.0,
                            props.id());
                log.warn("Shard {} stalled: {}", c.task().shardId(), why);
                registry
                    .counter(
                        "previs.worker.stalls", "pool", props.pool(), "model", c.task().modelId())
                    .increment();
                publisher.publishJobEvent(
                    JobEvent.of(
                            JobEventType.SHARD_STALLED,
                            c.task().jobId(),
                            c.task().studio(),
                            Instant.now())
                        .withStage(Stage.RENDER)
                        .withShard(
                            new JobEvent.ShardRef(
                                c.task().shardId(), c.task().shot(), c.task().variant()))
                        .withReason(why),
                    c.correlationId());
              }

              @Override
              public void hung(StepWatchdog.Watch w, int step, Duration running) {
                Context c = (Context) w.context();
                // Liveness first: reading the render thread's stack needs that thread to reach a
                // safepoint, and a thread stuck where it cannot (stopped in Java code) would
                // block this timer thread — and the restart with it — for good.
                AvailabilityChangeEvent.publish(events, StepWatch.this, LivenessState.BROKEN);
                log.error(
                    "Shard {} hung: step {} running for {} s, past the hang timeout {}; liveness"
                        + " broken so the pod is restarted (the shard resumes elsewhere from its"
                        + " checkpoint)",
                    c.task().shardId(),
                    step,
                    running.toSeconds(),
                    props.hangTimeout());
                logStack(c);
              }

              @Override
              public void recovered(StepWatchdog.Watch w) {
                log.warn("The hung step ended after all; liveness restored");
                AvailabilityChangeEvent.publish(events, StepWatch.this, LivenessState.CORRECT);
              }
            });
  }

  /**
   * Logs where the hung render thread is, from a thread of its own so that a stack that cannot be
   * read holds up nothing else.
   */
  private static void logStack(Context c) {
    Thread.ofPlatform()
        .daemon()
        .name("step-watch-stack")
        .start(
            () ->
                log.error(
                    "Shard {} render thread:{}",
                    c.task().shardId(),
                    Arrays.stream(c.renderThread().getStackTrace())
                        .limit(12)
                        .map(f -> "\n    at " + f)
                        .collect(Collectors.joining())));
  }

  /** Watches the calling thread's denoising of {@code task}; close it when the steps are done. */
  StepWatchdog.Watch watch(ShardTask task, String correlationId) {
    double units = task.steps() == null || task.steps() <= 0 ? 0 : task.workUnits() / task.steps();
    return dog.watch(
        task.modelId(), units, new Context(task, correlationId, Thread.currentThread()));
  }

  @Override
  public void start() {
    running = true;
    timer.scheduleAtFixedRate(this::check, 1, 1, TimeUnit.SECONDS);
  }

  private void check() {
    try {
      dog.check();
    } catch (RuntimeException e) {
      log.warn("Step watch failed: {}", e.toString());
    }
  }

  @Override
  public void stop() {
    running = false;
    timer.shutdownNow();
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
