package io.previs.servicekit.jobs;

import org.slf4j.MDC;

/**
 * The job a thread is working on, for as long as it works on it: the job id in every log line
 * ({@code [job=…]}, MDC key {@code jobId}) and the job's correlation id for everything published
 * meanwhile. Opened by the job-scoped listener setup and by the GPU worker's own loop; closing it
 * restores whatever the thread had before, so nested scopes and pooled threads stay clean.
 */
public final class JobContext implements AutoCloseable {

  /** MDC key of the job id; the log pattern prints it. */
  public static final String MDC_JOB_ID = "jobId";

  private static final ThreadLocal<JobContext> CURRENT = new ThreadLocal<>();

  private final String jobId;
  private final String studio;
  private final String correlationId;
  private final JobContext previous;
  private final String previousMdc;

  private JobContext(
      String jobId, String studio, String correlationId, JobContext previous, String previousMdc) {
    this.jobId = jobId;
    this.studio = studio;
    this.correlationId = correlationId;
    this.previous = previous;
    this.previousMdc = previousMdc;
  }

  /** Enters a job on this thread; close the result (try-with-resources) when done. */
  public static JobContext enter(String jobId, String correlationId) {
    return enter(jobId, null, correlationId);
  }

  /** As {@link #enter(String, String)}, knowing the job's studio (for events about the job). */
  public static JobContext enter(String jobId, String studio, String correlationId) {
    JobContext c = new JobContext(jobId, studio, correlationId, CURRENT.get(), MDC.get(MDC_JOB_ID));
    CURRENT.set(c);
    if (jobId == null) {
      MDC.remove(MDC_JOB_ID);
    } else {
      MDC.put(MDC_JOB_ID, jobId);
    }
    return c;
  }

  /**
   * The correlation id of the job this thread works on, or {@code fallback} (the job id, as a rule)
   * when the record carried none.
   */
  public static String correlationId(String fallback) {
    JobContext c = CURRENT.get();
    return c != null && c.correlationId != null ? c.correlationId : fallback;
  }

  /** The studio of the job this thread works on, or null (unknown, or no job). */
  public static String currentStudio() {
    JobContext c = CURRENT.get();
    return c == null ? null : c.studio;
  }

  /** The job this thread works on, or null. */
  public static String currentJobId() {
    JobContext c = CURRENT.get();
    return c == null ? null : c.jobId;
  }

  public String jobId() {
    return jobId;
  }

  public String correlation() {
    return correlationId;
  }

  @Override
  public void close() {
    if (CURRENT.get() != this) {
      return; // already closed, or closed out of order by a caller that owns the thread's state
    }
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
    if (previousMdc == null) {
      MDC.remove(MDC_JOB_ID);
    } else {
      MDC.put(MDC_JOB_ID, previousMdc);
    }
  }
}
