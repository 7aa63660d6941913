package io.previs.autoscaler.policy;

/**
 * What starting a worker takes in one pool — pod scheduled, image pulled, model loaded, first
 * heartbeat — learnt from the pool's own starts (an exponential moving average), beginning from the
 * configured estimate. A node that already holds the model in its cache starts in seconds, a cold
 * one in minutes; the average follows the mix the pool really sees.
 */
public final class StartupClock {

  private static final double ALPHA = 0.3;
  private double seconds;
  private int samples;

  public StartupClock(double initialSeconds) {
    this.seconds = initialSeconds;
  }

  public void observe(double startSeconds) {
    if (!(startSeconds >= 0) || Double.isInfinite(startSeconds)) {
      return;
    }
    seconds = samples == 0 ? startSeconds : seconds + ALPHA * (startSeconds - seconds);
    samples++;
  }

  public double seconds() {
    return seconds;
  }

  public int samples() {
    return samples;
  }
}
