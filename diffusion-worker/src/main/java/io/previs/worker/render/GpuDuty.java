package io.previs.worker.render;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.previs.worker.WorkerProperties;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * How busy this worker keeps its GPU: {@code previs.worker.gpu.busy.seconds} counts the seconds
 * spent in model runs (its rate is the GPU's duty cycle), and {@code previs.worker.gpu.handoff}
 * times the gap between one shard's last GPU work and the next shard's first, when the next shard
 * was already in hand (a backlog) — the idle time the worker itself causes. A GPU idle for want of
 * work adds no hand-off.
 */
@Component
public class GpuDuty {

  private final Counter busy;
  private final Timer handoff;
  private long lastGpuEnd;

  public GpuDuty(MeterRegistry registry, WorkerProperties props) {
    this.busy =
        Counter.builder("previs.worker.gpu.busy.seconds")
            .description("seconds this worker's GPU spent in model runs")
            .tag("pool", props.pool())
            .register(registry);
    this.handoff =
        Timer.builder("previs.worker.gpu.handoff")
            .description("GPU idle between two shards when the next was already in hand")
            .tag("pool", props.pool())
            .publishPercentiles(0.5, 0.95)
            .publishPercentileHistogram()
            .distributionStatisticExpiry(Duration.ofMinutes(10))
            .distributionStatisticBufferLength(2)
            .register(registry);
  }

  /**
   * The render thread starts a shard's GPU work.
   *
   * @param inHandSince when the shard was ready to start (its inputs fetched), System.nanoTime
   */
  synchronized void started(long inHandSince) {
    long now = System.nanoTime();
    if (lastGpuEnd != 0 && inHandSince <= lastGpuEnd) {
      handoff.record(now - lastGpuEnd, TimeUnit.NANOSECONDS);
    }
  }

  /** The render thread is done with a shard's GPU work, which ran {@code modelNanos} in models. */
  synchronized void ended(long modelNanos) {
    lastGpuEnd = System.nanoTime();
    busy.increment(modelNanos / 1e9);
  }
}
