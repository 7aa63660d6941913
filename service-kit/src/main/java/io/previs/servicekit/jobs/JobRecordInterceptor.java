package io.previs.servicekit.jobs;

import io.previs.contracts.cloudevents.CloudEventHeaders;
import io.previs.contracts.job.JobScoped;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Enters the record's job ({@link JobContext}) before the listener sees it and leaves it after,
 * whatever the outcome, so listeners neither put the job id into the MDC nor read correlation
 * headers themselves. Records whose value could not be read carry no job and get no scope.
 */
final class JobRecordInterceptor<T> implements RecordInterceptor<String, T> {

  private final ThreadLocal<JobContext> open = new ThreadLocal<>();

  @Override
  public ConsumerRecord<String, T> intercept(
      ConsumerRecord<String, T> record, Consumer<String, T> consumer) {
    leave();
    if (record.value() instanceof JobScoped job) {
      open.set(
          JobContext.enter(
              job.jobId(), job.studio(), CloudEventHeaders.correlation(record.headers())));
    }
    return record;
  }

  @Override
  public void afterRecord(ConsumerRecord<String, T> record, Consumer<String, T> consumer) {
    leave();
  }

  @Override
  public void clearThreadState(Consumer<?, ?> consumer) {
    leave();
  }

  private void leave() {
    JobContext c = open.get();
    if (c != null) {
      open.remove();
      c.close();
    }
  }
}
