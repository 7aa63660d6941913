package io.previs.worker.render;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Watches the denoising step in flight. A step is <em>stalled</em> when it has run far longer than
 * this worker's steps of that model take ({@code stall-factor} times the expected step, and at
 * least {@code stall-minimum}); it is <em>hung</em> past {@code hang-timeout}, which no step of a
 * healthy GPU reaches. A stall is reported once per step (an event and a metric); a hang breaks the
 * worker's liveness, because a native call that never returns cannot be interrupted from Java —
 * only a restart frees the GPU, and the shard then resumes elsewhere from its checkpoint.
 *
 * <p>The expected step is this shard's own median step once two steps are done (the first carries
 * warm-up), else what earlier shards of the model measured per work unit on this worker, scaled to
 * this shard. A worker's pool is one kind of GPU, so that is the model's step time on the pool.
 * Plain Java with an injected clock: {@link #check()} is driven by the worker's timer and by tests.
 */
public final class StepWatchdog {

  /** What the watchdog reports. */
  public interface Listener {
    void stalled(Watch watch, int step, Duration running, Duration expected);

    void hung(Watch watch, int step, Duration running);

    /** A step completed after a hang was reported: the worker is live again. */
    void recovered(Watch watch);
  }

  private final double stallFactor;
  private final Duration stallMinimum;
  private final Duration hangTimeout;
  private final LongSupplier nanoTime;
  private final Listener listener;

  /** Per model: seconds per work unit of one step (EWMA over this worker's steps). */
  private final Map<String, Double> secondsPerUnit = new ConcurrentHashMap<>();

  private volatile Watch current;

  public StepWatchdog(
      double stallFactor,
      Duration stallMinimum,
      Duration hangTimeout,
      LongSupplier nanoTime,
      Listener listener) {
    this.stallFactor = stallFactor;
    this.stallMinimum = stallMinimum;
    this.hangTimeout = hangTimeout;
    this.nanoTime = nanoTime;
    this.listener = listener;
  }

  /**
   * Starts watching a shard's steps.
   *
   * @param unitsPerStep the shard's work units over its steps (frames × megapixels)
   * @param context what the listener needs to report (the task, its correlation id)
   */
  public Watch watch(String modelId, double unitsPerStep, Object context) {
    Watch w = new Watch(modelId, unitsPerStep, context, nanoTime.getAsLong());
    current = w;
    return w;
  }

  /** Looks at the step in flight; called every second or so. */
  public void check() {
    Watch w = current;
    if (w == null || w.closed) {
      return;
    }
    long running = nanoTime.getAsLong() - w.stepStart;
    Duration expected = w.expected();
    if (!w.stallReported && expected != null) {
      long limit = Math.max(stallMinimum.toNanos(), (long) (expected.toNanos() * stallFactor));
      if (running > limit) {
        w.stallReported = true;
        listener.stalled(w, w.step, Duration.ofNanos(running), expected);
      }
    }
    if (!w.hangReported && running > hangTimeout.toNanos()) {
      w.hangReported = true;
      listener.hung(w, w.step, Duration.ofNanos(running));
    }
  }

  /** The expected step of a model for a shard of that size, from earlier shards; null if none. */
  Duration expectedFromHistory(String modelId, double unitsPerStep) {
    Double s = secondsPerUnit.get(modelId);
    return s == null || unitsPerStep <= 0
        ? null
        : Duration.ofNanos((long) (s * unitsPerStep * 1e9));
  }

  /** One shard's steps under watch. */
  public final class Watch implements AutoCloseable {
    private final String modelId;
    private final double unitsPerStep;
    private final Object context;
    private long[] stepNanos = new long[64];
    private int done;
    private volatile long stepStart;
    private volatile int step;
    private volatile boolean stallReported;
    private volatile boolean hangReported;
    private volatile boolean closed;

    private Watch(String modelId, double unitsPerStep, Object context, long now) {
      this.modelId = modelId;
      this.unitsPerStep = unitsPerStep;
      this.context = context;
      this.stepStart = now;
    }

    public Object context() {
      return context;
    }

    /** The step in flight. */
    public int step() {
      return step;
    }

    /** A step ended (its index) after {@code nanos}; the next one starts now. */
    public synchronized void stepDone(int index, long nanos) {
      if (done == stepNanos.length) {
        stepNanos = Arrays.copyOf(stepNanos, done * 2);
      }
      stepNanos[done++] = nanos;
      if (done > 1 && unitsPerStep > 0) {
        double s = nanos / 1e9 / unitsPerStep;
        secondsPerUnit.merge(modelId, s, (old, x) -> 0.8 * old + 0.2 * x);
      }
      step = index + 1;
      stepStart = nanoTime.getAsLong();
      stallReported = false;
      if (hangReported) {
        hangReported = false;
        listener.recovered(this);
      }
    }

    synchronized Duration expected() {
      if (done >= 3) {
        long[] warm = Arrays.copyOfRange(stepNanos, 1, done); // the first step carries warm-up
        Arrays.sort(warm);
        return Duration.ofNanos(warm[warm.length / 2]);
      }
      return expectedFromHistory(modelId, unitsPerStep);
    }

    /** The denoising is over (decoding is not watched step by step). */
    @Override
    public void close() {
      closed = true;
      if (current == this) {
        current = null;
      }
      if (hangReported) {
        listener.recovered(this);
      }
    }
  }
}
