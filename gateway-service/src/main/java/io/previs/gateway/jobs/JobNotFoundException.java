package io.previs.gateway.jobs;

/**
 * No job by that id for this caller: unknown, or another studio's — the answer is the same 404
 * either way, so an id tells nobody whether it exists elsewhere.
 */
public class JobNotFoundException extends RuntimeException {

  private final String jobId;

  public JobNotFoundException(String jobId) {
    super("no job " + jobId);
    this.jobId = jobId;
  }

  public String jobId() {
    return jobId;
  }
}
