package io.previs.autoscaler.policy;

import java.time.Duration;

/**
 * How one GPU pool may be sized.
 *
 * @param min workers kept even when idle (0 lets the pool scale to zero)
 * @param max workers never exceeded, whatever the backlog
 * @param target clear the pool's backlog within this time: the backlog in GPU-seconds over this is
 *     the number of workers wanted
 * @param scaleDownDelay a surplus must last this long before an idle worker is drained (a burst
 *     that pauses for a minute keeps its workers)
 * @param idleTimeout the pool must be wholly idle (nothing queued, nothing running) this long
 *     before it goes below its last busy worker to {@code min} — to zero by default
 * @param drainGrace a draining worker still rendering after this is asked to hand its shard back at
 *     the next step boundary (its checkpoint stored; another worker resumes it)
 * @param startup what a worker's start (pod scheduled, image, model load, first heartbeat) is
 *     assumed to take until the pool has measured its own
 * @param hysteresis scale-in keeps this fraction of headroom over the backlog's need, so a pool
 *     hovering at a boundary does not flap
 */
public record PoolLimits(
    int min,
    int max,
    Duration target,
    Duration scaleDownDelay,
    Duration idleTimeout,
    Duration drainGrace,
    Duration startup,
    double hysteresis) {

  public PoolLimits {
    if (min < 0) {
      throw new IllegalArgumentException("min must be 0 or more: " + min);
    }
    if (max < min || max > 10_000) {
      throw new IllegalArgumentException("max must be min (" + min + ") to 10000: " + max);
    }
    for (Duration d : new Duration[] {target, scaleDownDelay, idleTimeout, drainGrace, startup}) {
      if (d == null || d.isNegative()) {
        throw new IllegalArgumentException(
            "target, scale-down-delay, idle-timeout, drain-grace and startup must be set and not"
                + " negative");
      }
    }
    if (target.isZero()) {
      throw new IllegalArgumentException("target must be positive");
    }
    if (!(hysteresis >= 0) || hysteresis > 1) {
      throw new IllegalArgumentException("hysteresis must be 0 to 1: " + hysteresis);
    }
  }
}
