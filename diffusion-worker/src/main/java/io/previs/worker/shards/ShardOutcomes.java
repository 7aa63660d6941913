package io.previs.worker.shards;

import io.previs.diffusion.bundle.BundleValidationException;
import io.previs.servicekit.kafka.NonRetryableException;
import io.previs.worker.render.ShardStoppedException;
import org.apache.kafka.clients.consumer.AcknowledgeType;

/**
 * What becomes of a delivered shard: the pure policy behind {@link ShardConsumer}, with no Kafka
 * client or storage in it, so every branch is unit-tested. Attempts are deliveries minus graceful
 * hand-backs (a worker that stops for a deploy costs the shard nothing); the broker's own delivery
 * limit (5) is above {@code maxAttempts} (3) so the last delivery is still seen here.
 */
final class ShardOutcomes {

  private ShardOutcomes() {}

  /**
   * @param ack how the delivery is acknowledged
   * @param metric the {@code previs.shards.completed{outcome}} tag
   * @param deadLetter the record goes to previs.shards.queued-dlt (and the job fails, when the task
   *     was readable)
   * @param gracefulRelease the hand-back is recorded so it does not count as an attempt
   */
  record Outcome(
      AcknowledgeType ack,
      String metric,
      boolean deadLetter,
      boolean gracefulRelease,
      String reason) {}

  static final Outcome POISON =
      new Outcome(AcknowledgeType.REJECT, "poison", true, false, "unreadable shard task");

  /** Delivered while the worker was already stopping: handed back before any work. */
  static final Outcome NOT_STARTED =
      new Outcome(
          AcknowledgeType.RELEASE, "handed_back", false, false, "worker stopping; not started");

  /** Before any work: give up, re-announce, or render. Null means render. */
  static Outcome beforeRender(
      int delivery, int gracefulReleases, int maxAttempts, boolean alreadyRendered) {
    if (alreadyRendered) {
      return new Outcome(
          AcknowledgeType.ACCEPT,
          "already_rendered",
          false,
          false,
          "rendered by an earlier attempt");
    }
    int attempt = attempt(delivery, gracefulReleases);
    if (attempt > maxAttempts) {
      return new Outcome(
          AcknowledgeType.REJECT,
          "dead_lettered",
          true,
          false,
          "gave up after "
              + (attempt - 1)
              + " attempts (limit "
              + maxAttempts
              + "; "
              + gracefulReleases
              + " hand-backs by stopping workers not counted)");
    }
    return null;
  }

  /** After the render: null failure means it was stored. */
  static Outcome afterRender(Throwable failure) {
    if (failure == null) {
      return new Outcome(AcknowledgeType.ACCEPT, "rendered", false, false, "rendered");
    }
    if (failure instanceof ShardStoppedException stopped) {
      return new Outcome(AcknowledgeType.RELEASE, "handed_back", false, true, stopped.getMessage());
    }
    if (permanent(failure)) {
      return new Outcome(
          AcknowledgeType.REJECT, "dead_lettered", true, false, failure.getMessage());
    }
    return new Outcome(AcknowledgeType.RELEASE, "released", false, false, failure.toString());
  }

  /** Which attempt a delivery is, not counting graceful hand-backs. */
  static int attempt(int delivery, int gracefulReleases) {
    return Math.max(1, delivery - gracefulReleases);
  }

  /** Failures no retry can fix: bad settings, a bad bundle. Anything else may pass on a retry. */
  static boolean permanent(Throwable t) {
    return t instanceof NonRetryableException
        || t instanceof BundleValidationException
        || t instanceof IllegalArgumentException;
  }
}
