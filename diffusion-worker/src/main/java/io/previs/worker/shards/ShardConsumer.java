package io.previs.worker.shards;

import io.micrometer.core.instrument.MeterRegistry;
import io.previs.contracts.cloudevents.CloudEventHeaders;
import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.shard.ShardRendered;
import io.previs.contracts.shard.ShardTask;
import io.previs.contracts.storage.ObjectKeys;
import io.previs.contracts.topics.Topics;
import io.previs.diffusion.bundle.BundleValidationException;
import io.previs.servicekit.jobs.JobContext;
import io.previs.servicekit.kafka.NonRetryableException;
import io.previs.servicekit.storage.ObjectStore;
import io.previs.worker.WorkerProperties;
import io.previs.worker.render.ShardRenderer;
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
 * lost it.
 *
 * <p>Shards run for minutes, far longer than the broker's acquisition lock (30 s by default), so
 * while a shard renders on its own thread this loop renews the lock (AcknowledgeType.RENEW) every
 * third of the lock's lifetime; the renewed record comes back on the next poll. The shard is
 * accepted only after its frames and marker are stored. If the worker dies, renewals stop, the lock
 * expires and the broker hands the shard to another worker, which resumes from the last checkpoint.
 * Retryable failures release the shard (the delivery count rises); after {@code maxAttempts}
 * deliveries, or on a failure no retry can fix, the shard is dead-lettered and the job failed with
 * the reason.
 */
@Component
public class ShardConsumer implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ShardConsumer.class);

  private final KafkaProperties kafka;
  private final Admin admin;
  private final WorkerProperties props;
  private final ShardRenderer renderer;
  private final ShardDeadLetters deadLetters;
  private final ObjectStore store;
  private final MeterRegistry registry;
  private final ExecutorService renderThread =
      Executors.newSingleThreadExecutor(Thread.ofPlatform().name("shard-render").factory());
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean running;
  private volatile KafkaShareConsumer<String, byte[]> consumer;
  private Thread loop;

  public ShardConsumer(
      KafkaProperties kafka,
      Admin previsAdmin,
      WorkerProperties props,
      ShardRenderer renderer,
      ShardDeadLetters deadLetters,
      ObjectStore store,
      MeterRegistry registry) {
    this.kafka = kafka;
    this.admin = previsAdmin;
    this.props = props;
    this.renderer = renderer;
    this.deadLetters = deadLetters;
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
      finish(c, record, AcknowledgeType.REJECT, "poison");
      return;
    }
    try (JobContext job = JobContext.enter(task.jobId(), correlation)) {
      if (delivery > props.maxAttempts()) {
        deadLetters.deadLetter(
            record,
            task,
            "gave up after " + (delivery - 1) + " deliveries (limit " + props.maxAttempts() + ")",
            null);
        finish(c, record, AcknowledgeType.REJECT, "dead_lettered");
        return;
      }
      String marker = ObjectKeys.renderedMarker(task.studio(), task.jobId(), task.shardId());
      if (store.exists(marker)) {
        // A redelivery of a shard another worker finished: re-announce, render nothing.
        renderer.announce(
            PrevisJson.mapper().readValue(store.get(marker), ShardRendered.class), correlation);
        finish(c, record, AcknowledgeType.ACCEPT, "already_rendered");
        return;
      }
      log.info("Rendering shard {} (delivery {})", task.shardId(), delivery);
      inFlight.incrementAndGet();
      ShardTask t = task;
      Future<ShardRendered> render =
          renderThread.submit(
              () -> {
                try (JobContext renderJob = JobContext.enter(t.jobId(), correlation)) {
                  return renderer.render(t, delivery, correlation);
                }
              });
      ConsumerRecord<String, byte[]> held = holdWhileRendering(c, record, render);
      try {
        render.get();
        finish(c, held, AcknowledgeType.ACCEPT, "rendered");
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (permanent(cause)) {
          deadLetters.deadLetter(held, task, cause.getMessage(), cause);
          finish(c, held, AcknowledgeType.REJECT, "dead_lettered");
        } else {
          log.warn("Shard failed, releasing it for another attempt: {}", cause.toString());
          finish(c, held, AcknowledgeType.RELEASE, "released");
        }
      } finally {
        inFlight.decrementAndGet();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finish(c, record, AcknowledgeType.RELEASE, "released");
    }
  }

  /**
   * Renews the shard's acquisition lock until the render finishes; returns the latest delivered
   * copy of the record, which is the one to acknowledge.
   */
  private ConsumerRecord<String, byte[]> holdWhileRendering(
      KafkaShareConsumer<String, byte[]> c, ConsumerRecord<String, byte[]> record, Future<?> render)
      throws InterruptedException {
    long lockMs = c.acquisitionLockTimeoutMs().orElse(30_000);
    long renewEvery = Math.max(200, lockMs / 3);
    ConsumerRecord<String, byte[]> held = record;
    while (!render.isDone()) {
      try {
        render.get(renewEvery, TimeUnit.MILLISECONDS);
        break;
      } catch (TimeoutException e) {
        held = renew(c, held, renewEvery);
      } catch (ExecutionException e) {
        break;
      }
      if (!running) {
        render.cancel(true); // the sampler checkpoints and stops at the next step
      }
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
      KafkaShareConsumer<String, byte[]> c,
      ConsumerRecord<String, byte[]> r,
      AcknowledgeType type,
      String outcome) {
    try {
      c.acknowledge(r, type);
      c.commitSync(Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      // Lost the lock meanwhile: the broker redelivers, and the rendered marker stops a second
      // render.
      log.warn("Could not acknowledge shard {} as {}: {}", r.key(), type, e.toString());
    }
    registry.counter("previs.shards.completed", "outcome", outcome).increment();
  }

  private static boolean permanent(Throwable t) {
    return t instanceof NonRetryableException
        || t instanceof BundleValidationException
        || t instanceof IllegalArgumentException;
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
    Map<String, Object> p = new java.util.HashMap<>();
    p.put("bootstrap.servers", String.join(",", kafka.getBootstrapServers()));
    kafka
        .getProperties()
        .forEach(
            (k, v) -> {
              if (k.startsWith("security.") || k.startsWith("ssl.") || k.startsWith("sasl.")) {
                p.put(k, v);
              }
            });
    p.put("group.id", props.groupId());
    p.put("client.id", "previs-worker-" + props.id());
    p.put("share.acknowledgement.mode", "explicit");
    p.put("share.acquire.mode", "record_limit");
    p.put("max.poll.records", 1);
    return new KafkaShareConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void stop() {
    running = false;
    var c = consumer;
    if (c != null) {
      c.wakeup();
    }
    if (loop != null) {
      try {
        loop.join(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    renderThread.shutdownNow();
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
