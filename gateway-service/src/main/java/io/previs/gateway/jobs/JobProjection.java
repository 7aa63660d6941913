package io.previs.gateway.jobs;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.topics.Topics;
import io.previs.gateway.GatewayProperties;
import io.previs.gateway.replay.TopicReplay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Job state folded from {@code previs.jobs.events}. Each gateway replica reads the whole topic from
 * the beginning (no consumer group, every partition assigned), so any replica answers for any job;
 * readiness waits until the replay has caught up with the end offsets seen at start-up. Events this
 * gateway publishes are also applied at once (write-through), which closes the window in which a
 * resubmission could slip past the duplicate check.
 *
 * <p>A job this replica does not know yet may be one another replica just accepted: {@link
 * #findFresh} waits until the replay has passed everything written before the question
 * (ReadBarrier) before it says "no such job". Jobs that reach a terminal status while this replica
 * is live are counted in {@code previs.jobs.completed{outcome}}; every replica counts every job, so
 * dashboards take the max over replicas, as for the {@code previs.jobs} gauge.
 */
@Component
public class JobProjection implements SmartLifecycle, HealthIndicator {

  private static final Logger log = LoggerFactory.getLogger(JobProjection.class);

  private final Map<String, JobView> jobs = new ConcurrentHashMap<>();
  private final Map<String, List<JobEvent>> history = new ConcurrentHashMap<>();
  private final Map<String, List<Consumer<JobEvent>>> watchers = new ConcurrentHashMap<>();
  private final TopicReplay replay;
  private final Duration readTimeout;
  private final MeterRegistry registry;

  public JobProjection(
      KafkaProperties kafka, Admin previsAdmin, GatewayProperties props, MeterRegistry registry) {
    this.replay =
        new TopicReplay(
            kafka,
            previsAdmin,
            Topics.JOBS_EVENTS.name(),
            "job-projection",
            r -> apply(PrevisJson.mapper().readValue(r.value(), JobEvent.class)));
    this.readTimeout = props.readTimeout();
    this.registry = registry;
    for (JobStatus s : JobStatus.values()) {
      Gauge.builder(
              "previs.jobs", jobs, m -> m.values().stream().filter(j -> j.status() == s).count())
          .tag("status", s.name().toLowerCase())
          .description("Jobs known to this gateway, by status")
          .register(registry);
    }
  }

  /**
   * Jobs of the studio accepted and not yet ended (what a queued-job quota counts). A scan: the
   * projection holds the retained event log's jobs, thousands, and intake asks once per decision.
   */
  public long activeJobs(String studio) {
    return jobs.values().stream()
        .filter(j -> studio.equals(j.studio()) && j.spec() != null && !j.status().terminal())
        .count();
  }

  /** What this replica knows of the job now. */
  public Optional<JobView> find(String jobId) {
    return Optional.ofNullable(jobs.get(jobId));
  }

  /**
   * The job, as known once this replica has read every event written before the call (waiting up to
   * {@code previs.gateway.read-timeout} when it does not know the job yet): a job another replica
   * accepted a moment ago is found, not reported missing.
   */
  public Optional<JobView> findFresh(String jobId) {
    JobView v = jobs.get(jobId);
    if (v != null) {
      return Optional.of(v);
    }
    replay.awaitWrittenBefore(readTimeout);
    return Optional.ofNullable(jobs.get(jobId));
  }

  /** Waits until this replica has applied every event written before the call. */
  public boolean awaitEventLog(Duration timeout) {
    return replay.awaitWrittenBefore(timeout);
  }

  public List<JobEvent> events(String jobId) {
    return List.copyOf(history.getOrDefault(jobId, List.of()));
  }

  public boolean caughtUp() {
    return replay.caughtUp();
  }

  /** Registers a callback for new events of one job; the returned handle removes it. */
  public Runnable watch(String jobId, Consumer<JobEvent> watcher) {
    watchers.computeIfAbsent(jobId, k -> new CopyOnWriteArrayList<>()).add(watcher);
    return () -> watchers.getOrDefault(jobId, List.of()).remove(watcher);
  }

  /**
   * Applies an event (from the topic, or written through by this gateway). Idempotent per event.
   */
  public synchronized void apply(JobEvent e) {
    if (e == null || e.jobId() == null || e.type() == null) {
      return;
    }
    List<JobEvent> past = history.computeIfAbsent(e.jobId(), k -> new ArrayList<>());
    if (past.contains(e)) {
      return; // the write-through copy of an event we then read back from Kafka
    }
    past.add(e);
    JobView before = jobs.get(e.jobId());
    JobView after = JobFolder.fold(before, e);
    jobs.put(e.jobId(), after);
    if (replay.caughtUp()
        && (after.status() == JobStatus.COMPLETED
            || after.status() == JobStatus.FAILED
            || after.status() == JobStatus.CANCELLED)
        && (before == null || !before.status().terminal())) {
      registry
          .counter("previs.jobs.completed", "outcome", after.status().name().toLowerCase())
          .increment();
    }
    for (Consumer<JobEvent> w : watchers.getOrDefault(e.jobId(), List.of())) {
      try {
        w.accept(e);
      } catch (RuntimeException ex) {
        log.debug("watcher failed", ex);
      }
    }
  }

  @Override
  public void start() {
    replay.start();
  }

  @Override
  public void stop() {
    replay.stop();
  }

  @Override
  public boolean isRunning() {
    return replay.isRunning();
  }

  /** Readiness contributor "jobProjection": serving job state before the replay ends would lie. */
  @Override
  public Health health() {
    return (replay.caughtUp() ? Health.up() : Health.outOfService())
        .withDetail("jobs", jobs.size())
        .build();
  }

  Collection<JobView> all() {
    return jobs.values();
  }
}
