package io.previs.worker.shards;

import io.previs.diffusion.bundle.BundleValidationException;
import io.previs.servicekit.kafka.NonRetryableException;
import io.previs.worker.render.ShardStoppedException;
import io.previs.worker.render.ShardSupersededException;

/**
 * What becomes of a shard a worker took: the pure policy behind {@link ShardConsumer}, with no
 * Kafka client or storage in it, so every branch is unit-tested. The attempt is the scheduler's
 * count (a worker lost with the shard, or a retryable failure, spends one; a stop the scheduler
 * asked for, or a worker stopping for a deploy, does not). The scheduler gives up at its own {@code
 * max-attempts}; the worker's limit is the second guard.
 */
final class ShardOutcomes {

  private ShardOutcomes() {}

  /**
   * @param metric the {@code previs.shards.completed{outcome}} tag
   * @param deadLetter the record goes to the queue's -dlt topic (and the job fails, when the task
   *     was readable)
   * @param handedBack the shard stopped at a step boundary with its checkpoint stored; the
   *     scheduler queues it again (it is told so)
   */
  record Outcome(String metric, boolean deadLetter, boolean handedBack, String reason) {}

  static final Outcome POISON = new Outcome("poison", true, false, "unreadable shard task");

  /** Asked to stop before it started (cancelled, paused or preempted while queued). */
  static final Outcome STOPPED_BEFORE_START =
      new Outcome("handed_back", false, true, "stopped by the scheduler before it started");

  /** Before any work: give up, re-announce, or render. Null means render. */
  static Outcome beforeRender(int delivery, int maxAttempts, boolean alreadyRendered) {
    if (alreadyRendered) {
      return new Outcome("already_rendered", false, false, "rendered by an earlier attempt");
    }
    if (delivery > maxAttempts) {
      return new Outcome(
          "dead_lettered",
          true,
          false,
          "gave up after " + (delivery - 1) + " attempts (limit " + maxAttempts + ")");
    }
    return null;
  }

  /** After the render: null failure means it was stored. */
  static Outcome afterRender(Throwable failure) {
    if (failure == null) {
      return new Outcome("rendered", false, false, "rendered");
    }
    if (failure instanceof ShardSupersededException superseded) {
      // A zombie's late attempt (its lease lapsed, or another attempt committed first): nothing of
      // it was kept, and the attempt that holds the shard now decides its fate.
      return new Outcome("superseded", false, false, superseded.getMessage());
    }
    if (failure instanceof ShardStoppedException stopped) {
      // Its checkpoint is stored and the scheduler releases it again (to the front of its queue,
      // or not before resume, or never if cancelled): this record's work is done.
      return new Outcome("handed_back", false, true, stopped.getMessage());
    }
    if (permanent(failure)) {
      return new Outcome("dead_lettered", true, false, failure.getMessage());
    }
    return new Outcome("retried", false, false, failure.toString());
  }

  /** Failures no retry can fix: bad settings, a bad bundle. Anything else may pass on a retry. */
  static boolean permanent(Throwable t) {
    return t instanceof NonRetryableException
        || t instanceof BundleValidationException
        || t instanceof IllegalArgumentException;
  }
}
