package io.previs.worker.render;

/**
 * Whether this attempt may still hold its shard. A worker paused past its heartbeat lease (SIGSTOP,
 * a frozen VM, a GC pause) has been counted lost by the scheduler, which released the shard to
 * another worker; once that may have happened the attempt stops acting: it publishes no more
 * progress, stores no checkpoint and does not commit. The shard's conditional commit is the second
 * guard, for a pause the fence cannot see (one that ends between the check and the write).
 */
@FunctionalInterface
public interface AttemptFence {

  AttemptFence NONE = () -> false;

  /** True once the attempt may have been superseded. */
  boolean lost();
}
