package io.previs.media.assembly;

/**
 * Notices of one (job, variant) that contradict each other (different shot counts): not retryable,
 * the event belongs on the dead-letter topic.
 */
public final class ShardConflictException extends IllegalArgumentException {

  public ShardConflictException(String message) {
    super(message);
  }
}
