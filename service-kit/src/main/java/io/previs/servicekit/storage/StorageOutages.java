package io.previs.servicekit.storage;

import io.micrometer.core.instrument.MeterRegistry;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import io.previs.servicekit.jobs.JobContext;
import io.previs.servicekit.kafka.EventPublisher;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a storage outage looks like from outside: the job a waiting call works for gets {@code
 * storage.waiting} (and {@code storage.recovered} once the call gets through), so the job's view
 * says what it waits for instead of looking stuck; ops get a log line, {@code
 * previs.storage.outages} and the time waited in {@code previs.storage.outage.duration}.
 */
public final class StorageOutages implements StorageOutageListener {

  private static final Logger log = LoggerFactory.getLogger(StorageOutages.class);

  private final Supplier<EventPublisher> publisher;
  private final Supplier<MeterRegistry> registry;
  private final StorageProperties props;

  public StorageOutages(
      Supplier<EventPublisher> publisher,
      Supplier<MeterRegistry> registry,
      StorageProperties props) {
    this.publisher = publisher;
    this.registry = registry;
    this.props = props;
  }

  @Override
  public void waiting(String operation, String key, Duration since, Throwable cause) {
    String why =
        "object storage has not answered for %d s (%s %s: %s); waiting up to %s"
            .formatted(
                since.toSeconds(), operation, key, rootMessage(cause), props.outageTolerance());
    log.warn("Storage unavailable: {}", why);
    MeterRegistry r = registry.get();
    if (r != null) {
      r.counter("previs.storage.outages", "operation", operation).increment();
    }
    jobEvent(JobEventType.STORAGE_WAITING, why);
  }

  @Override
  public void recovered(String operation, String key, Duration after) {
    log.info("Storage answered again after {} s ({} {})", after.toSeconds(), operation, key);
    MeterRegistry r = registry.get();
    if (r != null) {
      r.timer("previs.storage.outage.duration").record(after);
    }
    jobEvent(
        JobEventType.STORAGE_RECOVERED,
        "object storage answered again after %d s".formatted(after.toSeconds()));
  }

  private void jobEvent(JobEventType type, String reason) {
    String jobId = JobContext.currentJobId();
    EventPublisher p = publisher.get();
    if (jobId == null || p == null) {
      return;
    }
    try {
      p.publishJobEvent(
          JobEvent.of(type, jobId, JobContext.currentStudio(), Instant.now()).withReason(reason),
          JobContext.correlationId(jobId));
    } catch (RuntimeException e) {
      log.warn("Cannot publish {} for {}: {}", type.wire(), jobId, e.toString());
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
