package io.previs.scheduler.policy;

import io.previs.contracts.job.Priority;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The policy's record of one job: its controls and its shards still in play. */
final class Job {
  final String jobId;
  final String studio;
  Priority priority;

  /**
   * Set by a priority command: the job's shards take it rather than the one they were planned with.
   */
  boolean prioritySet;

  boolean paused;
  String cancelledBy;
  Instant cancelledAt;

  /** Shards not yet finished, cancelled or failed; finished ones are forgotten. */
  final Map<String, Shard> shards = new LinkedHashMap<>();

  Instant touched;

  Job(String jobId, String studio, Priority priority, Instant now) {
    this.jobId = jobId;
    this.studio = studio;
    this.priority = priority;
    this.touched = now;
  }

  boolean cancelled() {
    return cancelledAt != null;
  }
}
