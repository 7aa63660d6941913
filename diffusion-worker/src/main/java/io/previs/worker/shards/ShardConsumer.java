package io.previs.worker.shards;

import io.micrometer.core.instrument.MeterRegistry;
import io.previs.contracts.cloudevents.CloudEventHeaders;
import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.shard.ShardRendered;
import io.previs.contracts.shard.ShardTask;
import io.previs.contracts.storage.ObjectKeys;
import io.previs.contracts.topics.Topics;
import io.previs.servicekit.jobs.JobContext;
import io.previs.servicekit.storage.ObjectStore;
import io.previs.worker.WorkerProperties;
import io.previs.worker.render.ShardRenderer;
import io.previs.worker.shards.ShardOutcomes.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This worker's seat in the GPU pool: a Kafka share-group consumer (KIP-932) on
 * previs.shards.queued, taking one shard at a time. Share groups let the pool hold more workers
 * than the topic has partitions, and a shard is never in two workers' hands unless one of them has
 * lost it. See DESIGN.md beside this class for why this loop is hand-written.
 *
 * <p>Shards run for minutes, far longer than the broker's acquisition lock (30 s by default), so
 * while a shard renders on its own thread this loop renews the lock (AcknowledgeType.RENEW) every
 * third of the lock's lifetime; the renewed record comes back on the next poll. The shard is
 * accepted only after its frames and marker are stored. What is acknowledged how is decided by
 * {@link ShardOutcomes}.
 *
 * <p>Stopping is cooperative: {@link #stop()} asks the render to stop at its next step boundary;
 * the render stores the checkpoint of that step, this loop (still renewing the lock meanwhile)
 * hands the shard back, and only then does the worker go on shutting down — and only then are the
 * ONNX Runtime sessions closed (see {@code Pipelines}).
 */
@Component
class ShardConsumer implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ShardConsumer.class);

  private final KafkaProperties kafka;
  private final Admin admin;
  private final WorkerProperties props;
  private final ShardRenderer renderer;
  private final ShardDeadLetters deadLetters;
  private final GracefulReleases releases;
  private final ObjectStore store;
  private final MeterRegistry registry;
  private final ExecutorService renderThread =
      Executors.newSingleThreadExecutor(Thread.ofPlatform().name("shard-render").factory());
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean running;
  private volatile boolean stopRequested;
  private volatile KafkaShareConsumer<String, byte[]> consumer;
  private Thread loop;

  public ShardConsumer(
      KafkaProperties kafka,
      Admin previsAdmin,
      WorkerProperties props,
      ShardRenderer renderer,
      ShardDeadLetters deadLetters,
      GracefulReleases releases,
      ObjectStore store,
      MeterRegistry registry) {
    this.kafka = kafka;
    this.admin = previsAdmin;
    this.props = props;
    this.renderer = renderer;
    this.deadLetters = deadLetters;
    this.releases = releases;
    this.store = store;
    this.registry = registry;
    registry.gauge("previs.shards.inflight", inFlight);
  }

  @Override
  public void start() {
    if (!props.enabled()) {
      return;
    }
    running = true;
    loop = Thread.ofPlatform().name("shard-consumer").start(this::run);
  }

  private void run() {
    configureGroup();
    while (running) {
      try (KafkaShareConsumer<String, byte[]> c = newConsumer()) {
        consumer = c;
        c.subscribe(List.of(Topics.SHARDS_QUEUED.name()));
        while (running) {
          for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
            handle(c, r);
          }
        }
      } catch (WakeupException e) {
        // stop() woke us
      } catch (RuntimeException e) {
        if (running) {
          log.warn("Shard consumer failed, reconnecting: {}", e.toString());
          pause(Duration.ofSeconds(1));
        }
      } finally {
        consumer = null;
      }
    }
  }

  private void handle(KafkaShareConsumer<String, byte[]> c, ConsumerRecord<String, byte[]> record) {
    if (!running) {
      finish(c, record, ShardOutcomes.NOT_STARTED);
      return;
    }
    int delivery = record.deliveryCount().map(Short::intValue).orElse(1);
    String correlation = CloudEventHeaders.correlation(record.headers());
    ShardTask task;
    try {
      task = PrevisJson.mapper().readValue(record.value(), ShardTask.class);
      if (task.shardId() == null || task.jobId() == null || task.modelId() == null) {
        throw new IllegalArgumentException("shardId, jobId and modelId are required");
      }
    } catch (RuntimeException e) {
      deadLetters.deadLetter(record, null, "unreadable shard task: " + e.getMessage(), e);
      finish(c, record, ShardOutcomes.POISON);
      return;
    }
    try (JobContext job = JobContext.enter(task.jobId(), correlation)) {
      String marker = ObjectKeys.renderedMarker(task.studio(), task.jobId(), task.shardId());
      boolean rendered = store.exists(marker);
      Outcome before =
          ShardOutcomes.beforeRender(
              delivery, releases.count(task, delivery), props.maxAttempts(), rendered);
      if (before != null) {
        if (rendered) {
          // A redelivery of a shard another worker finished: re-announce, render nothing.
          renderer.announce(
              PrevisJson.mapper().readValue(store.get(marker), ShardRendered.class), correlation);
        } else if (before.deadLetter()) {
          deadLetters.deadLetter(record, task, before.reason(), null);
        }
        finish(c, record, before);
        return;
      }
      log.info("Rendering shard {} (delivery {})", task.shardId(), delivery);
      inFlight.incrementAndGet();
      try {
        ShardTask t = task;
        Future<ShardRendered> render =
            renderThread.submit(
                () -> {
                  try (JobContext renderJob = JobContext.enter(t.jobId(), correlation)) {
                    return renderer.render(t, delivery, correlation, () -> stopRequested);
                  }
                });
        ConsumerRecord<String, byte[]> held = holdWhileRendering(c, record, render);
        Throwable failure = failureOf(render);
        Outcome after = ShardOutcomes.afterRender(failure);
        if (after.gracefulRelease()) {
          releases.record(task, delivery);
        } else if (after.deadLetter()) {
          deadLetters.deadLetter(held, task, after.reason(), failure);
        } else if (failure != null) {
          log.warn("Shard failed, releasing it for another attempt: {}", failure.toString());
        }
        finish(c, held, after);
      } finally {
        inFlight.decrementAndGet();
      }
    }
  }

  private static Throwable failureOf(Future<?> render) {
    try {
      render.get();
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return e;
    }
  }

  /**
   * Renews the shard's acquisition lock until the render finishes, stopping included; returns the
   * latest delivered copy of the record, which is the one to acknowledge.
   */
  private ConsumerRecord<String, byte[]> holdWhileRendering(
      KafkaShareConsumer<String, byte[]> c,
      ConsumerRecord<String, byte[]> record,
      Future<?> render) {
    long lockMs = c.acquisitionLockTimeoutMs().orElse(30_000);
    long renewEvery = Math.max(200, lockMs / 3);
    ConsumerRecord<String, byte[]> held = record;
    boolean interrupted = false;
    while (!render.isDone()) {
      try {
        render.get(renewEvery, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        held = renew(c, held, renewEvery);
      } catch (ExecutionException e) {
        break;
      } catch (InterruptedException e) {
        // Nothing in the worker interrupts this thread (stopping is a flag the render reads); if
        // something does, the render still owns the shard, so the lock is kept until it ends.
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return held;
  }

  private ConsumerRecord<String, byte[]> renew(
      KafkaShareConsumer<String, byte[]> c, ConsumerRecord<String, byte[]> held, long within) {
    try {
      c.acknowledge(held, AcknowledgeType.RENEW);
      c.commitSync(Duration.ofMillis(within));
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(within);
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(50))) {
          if (r.partition() == held.partition() && r.offset() == held.offset()) {
            return r;
          }
          c.acknowledge(r, AcknowledgeType.RELEASE); // not ours to start while busy
        }
      }
      log.warn("Lock renewal of shard {} was not confirmed; it may be redelivered", held.key());
    } catch (RuntimeException e) {
      log.warn("Cannot renew the lock of shard {}: {}", held.key(), e.toString());
    }
    return held;
  }

  private void finish(
      KafkaShareConsumer<String, byte[]> c, ConsumerRecord<String, byte[]> r, Outcome outcome) {
    try {
      c.acknowledge(r, outcome.ack());
      c.commitSync(Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      // Lost the lock meanwhile: the broker redelivers, and the rendered marker stops a second
      // render.
      log.warn("Could not acknowledge shard {} as {}: {}", r.key(), outcome.ack(), e.toString());
    }
    registry.counter("previs.shards.completed", "outcome", outcome.metric()).increment();
  }

  /**
   * New share groups start at the latest offset; shards queued before the pool started must count.
   */
  private void configureGroup() {
    try {
      admin
          .incrementalAlterConfigs(
              Map.of(
                  new ConfigResource(ConfigResource.Type.GROUP, props.groupId()),
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry("share.auto.offset.reset", "earliest"),
                          AlterConfigOp.OpType.SET))))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("Cannot set share.auto.offset.reset on group {}: {}", props.groupId(), e.toString());
    }
  }

  private KafkaShareConsumer<String, byte[]> newConsumer() {
    return new KafkaShareConsumer<>(
        ShareConsumerSettings.of(kafka, props.groupId(), "previs-worker-" + props.id()),
        new StringDeserializer(),
        new ByteArrayDeserializer());
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Asks the render in flight to stop at its next step boundary and waits (up to {@code
   * previs.worker.stop-timeout}) for its checkpoint to be stored and the shard handed back.
   */
  @Override
  public void stop() {
    running = false;
    stopRequested = true;
    var c = consumer;
    if (c != null && inFlight.get() == 0) {
      c.wakeup(); // idle in poll: nothing to hand back. Busy: the loop ends after the hand-back.
    }
    if (loop != null) {
      try {
        if (!loop.join(props.stopTimeout())) {
          log.warn(
              "The shard in flight did not stop within {}; its lock will expire and another"
                  + " worker resumes from its last checkpoint",
              props.stopTimeout());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    renderThread.shutdown();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Stop before the Kafka producers, so the final acknowledgements and events still go out. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 100;
  }
}
