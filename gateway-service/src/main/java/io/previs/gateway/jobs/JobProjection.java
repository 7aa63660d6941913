package io.previs.gateway.jobs;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.topics.Topics;
import io.previs.gateway.GatewayProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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
  private final KafkaProperties kafka;
  private final ReadBarrier barrier;
  private final Duration readTimeout;
  private final MeterRegistry registry;
  private volatile boolean running;
  private volatile boolean caughtUp;
  private Thread thread;

  public JobProjection(
      KafkaProperties kafka, Admin previsAdmin, GatewayProperties props, MeterRegistry registry) {
    this.kafka = kafka;
    this.barrier = new ReadBarrier(previsAdmin);
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
    try {
      barrier.awaitWrittenBefore(readTimeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Optional.ofNullable(jobs.get(jobId));
  }

  public List<JobView> list(String studio, JobStatus status, int limit) {
    return jobs.values().stream()
        .filter(j -> studio == null || studio.equals(j.studio()))
        .filter(j -> status == null || j.status() == status)
        .sorted(
            Comparator.comparing(
                JobView::submittedAt, Comparator.nullsLast(Comparator.reverseOrder())))
        .limit(limit)
        .toList();
  }

  public List<JobEvent> events(String jobId) {
    return List.copyOf(history.getOrDefault(jobId, List.of()));
  }

  public boolean caughtUp() {
    return caughtUp;
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
    if (caughtUp
        && (after.status() == JobStatus.COMPLETED || after.status() == JobStatus.FAILED)
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
    running = true;
    thread = Thread.ofPlatform().name("job-projection").daemon(true).start(this::run);
  }

  private void run() {
    Map<String, Object> props = new HashMap<>(kafka.buildConsumerProperties());
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    while (running) {
      try (KafkaConsumer<String, byte[]> consumer =
          new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
        List<TopicPartition> partitions =
            consumer.partitionsFor(Topics.JOBS_EVENTS.name(), Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        barrier.assigned(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        while (running) {
          for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            try {
              apply(PrevisJson.mapper().readValue(r.value(), JobEvent.class));
            } catch (RuntimeException e) {
              log.warn(
                  "Skipping unreadable job event at {}-{}@{}: {}",
                  r.topic(),
                  r.partition(),
                  r.offset(),
                  e.getMessage());
            }
          }
          Map<TopicPartition, Long> positions = new HashMap<>();
          for (TopicPartition tp : partitions) {
            positions.put(tp, consumer.position(tp));
          }
          barrier.advanced(positions);
          if (!caughtUp
              && end.entrySet().stream()
                  .allMatch(en -> consumer.position(en.getKey()) >= en.getValue())) {
            caughtUp = true;
            log.info("Job projection caught up: {} jobs", jobs.size());
          }
        }
      } catch (RuntimeException e) {
        if (running) {
          log.warn("Job projection consumer failed, restarting: {}", e.getMessage());
          sleep();
        }
      }
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void stop() {
    running = false;
    if (thread != null) {
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Readiness contributor "jobProjection": serving job state before the replay ends would lie. */
  @Override
  public Health health() {
    return (caughtUp ? Health.up() : Health.outOfService()).withDetail("jobs", jobs.size()).build();
  }

  Collection<JobView> all() {
    return jobs.values();
  }
}
