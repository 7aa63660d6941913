package io.previs.worker.shards;

import io.micrometer.core.instrument.MeterRegistry;
import io.previs.contracts.cloudevents.CloudEventHeaders;
import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.shard.ShardRendered;
import io.previs.contracts.shard.ShardTask;
import io.previs.contracts.storage.ObjectKeys;
import io.previs.contracts.topics.Topic;
import io.previs.contracts.topics.Topics;
import io.previs.servicekit.jobs.JobContext;
import io.previs.servicekit.storage.ObjectStore;
import io.previs.worker.WorkerProperties;
import io.previs.worker.render.AttemptFence;
import io.previs.worker.render.ShardRenderer;
import io.previs.worker.render.ShardStoppedException;
import io.previs.worker.render.ShardSupersededException;
import io.previs.worker.shards.ShardOutcomes.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This worker's seat in the GPU pool: a Kafka share-group consumer (KIP-932) on its pool's queue,
 * previs.shards.queued.&lt;pool&gt;, into which the scheduler releases one shard per free GPU.
 *
 * <p>The worker is a member of the share group only while it is idle. It takes one shard, accepts
 * it at once — from then on the scheduler, not the broker's lock, owns its redelivery — and leaves
 * the group while it renders. A busy member would otherwise keep a fetch parked at the broker and
 * take the next shard released for an idle GPU into its buffer, where it would wait for the busy
 * worker's render to end while the idle GPU starved (DESIGN.md beside this class). A worker that
 * dies mid-shard stops heart-beating; the scheduler then releases the shard again, and the next
 * worker resumes it from its last checkpoint.
 *
 * <p>Stopping is cooperative: {@link #stop()} asks the render to stop at its next step boundary;
 * the render stores the checkpoint of that step, the worker reports the shard released (the
 * scheduler queues it again), and only then does the worker go on shutting down — and only then are
 * the ONNX Runtime sessions closed (see {@code Pipelines}).
 */
@Component
class ShardConsumer implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ShardConsumer.class);

  private final KafkaProperties kafka;
  private final Admin admin;
  private final WorkerProperties props;
  private final ShardRenderer renderer;
  private final ShardDeadLetters deadLetters;
  private final SchedulerReports reports;
  private final ShardControls controls;
  private final ObjectStore store;
  private final MeterRegistry registry;
  private final ExecutorService renderThread =
      Executors.newSingleThreadExecutor(Thread.ofPlatform().name("shard-render").factory());
  private final ScheduledExecutorService heartbeats =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("scheduler-heartbeat").factory());
  private volatile boolean running;
  private volatile boolean stopRequested;

  /**
   * Set only by the consumer thread, once it has stopped taking shards: the time of the drain
   * request it obeys (the autoscaler removes the pod only on a report naming its latest request).
   */
  private volatile java.time.Instant drained;

  /**
   * The shards held now, shard id to job id, oldest first: at most one on the GPU, one prefetched
   * behind it, and those being stored. Heartbeats name the newest.
   */
  private final Map<String, String> holding =
      java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());

  /** Each held shard's flight: done once its outcome is reported. */
  private final Map<String, CompletableFuture<Void>> flights = new ConcurrentHashMap<>();

  /** The shards whose lease this process outslept (see {@link #watchForPauses()}). */
  private final Set<String> lapsed = ConcurrentHashMap.newKeySet();

  /** Stores shards whose GPU work is done, in order, while the GPU renders the next. */
  private final ExecutorService finisher =
      Executors.newSingleThreadExecutor(Thread.ofPlatform().name("shard-finish").factory());

  /** When the pause watch last ticked (System.nanoTime). */
  private volatile long lastTick = System.nanoTime();

  private volatile KafkaShareConsumer<String, byte[]> consumer;
  private volatile Thread loop;

  public ShardConsumer(
      KafkaProperties kafka,
      Admin previsAdmin,
      WorkerProperties props,
      ShardRenderer renderer,
      ShardDeadLetters deadLetters,
      SchedulerReports reports,
      ShardControls controls,
      ObjectStore store,
      MeterRegistry registry) {
    this.kafka = kafka;
    this.admin = previsAdmin;
    this.props = props;
    this.renderer = renderer;
    this.deadLetters = deadLetters;
    this.reports = reports;
    this.controls = controls;
    this.store = store;
    this.registry = registry;
    registry.gauge("previs.shards.inflight", holding, Map::size);
  }

  @Override
  public void start() {
    if (!props.enabled()) {
      return;
    }
    running = true;
    // Before the context is up: the pool's queue exists once the first worker of the pool runs.
    configureGroup();
    String model = props.preloadModel();
    if (model == null || model.isBlank()) {
      reportForWork();
      return;
    }
    // the context is up meanwhile (probes answer); the scheduler and the autoscaler hear of this
    // worker only once its model is loaded
    Thread.ofPlatform()
        .daemon()
        .name("model-preload")
        .start(
            () -> {
              try {
                renderer.warmUp(model);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
              } catch (RuntimeException e) {
                // not fatal: the first shard for it loads it again, and says why if it cannot
                log.error("Could not preload model {}: {}", model, e.toString());
              }
              try {
                if (running) {
                  reportForWork();
                }
              } catch (java.util.concurrent.RejectedExecutionException e) {
                log.debug("stopped while preloading; not reporting for work");
              }
            });
  }

  private void reportForWork() {
    long every = props.heartbeatInterval().toMillis();
    heartbeats.scheduleAtFixedRate(this::heartbeat, 0, every, TimeUnit.MILLISECONDS);
    Thread.ofPlatform().daemon().name("pause-watch").start(this::watchForPauses);
    loop = Thread.ofPlatform().name("shard-consumer").start(this::run);
  }

  /**
   * Notices that this whole process was paused (SIGSTOP, a frozen VM, a long GC pause): a thread
   * that only ticks finds its ticks too far apart. A pause that nearly reaches the lease (the
   * scheduler's worker-timeout) means the scheduler may have counted this worker lost and given its
   * shard to another; from then on this attempt is a zombie and is fenced ({@link AttemptFence}). A
   * tick thread of its own, not the heartbeat, so that a heartbeat blocked on a broker outage is
   * not taken for a pause.
   */
  private void watchForPauses() {
    long tick = Math.max(50, props.heartbeatInterval().toMillis() / 4);
    while (running) {
      pause(Duration.ofMillis(tick));
      long now = System.nanoTime();
      long last = lastTick;
      List<String> held = held();
      if (!held.isEmpty() && now - last > pauseLimitNanos() && !lapsed.containsAll(held)) {
        lapsed.addAll(held);
        registry.counter("previs.worker.lease.lapsed").increment();
        log.warn(
            "This process was paused for {} ms, near or past its lease ({}): shards {} are"
                + " presumed given to other workers; this worker stops acting on them",
            TimeUnit.NANOSECONDS.toMillis(now - last),
            props.lease(),
            held);
      }
      lastTick = now; // only after the flag: a thread that sees this tick also sees the flag
    }
  }

  private long pauseLimitNanos() {
    return props.lease().minus(props.heartbeatInterval()).toNanos();
  }

  /**
   * The fence of the attempt at {@code shardId}. Besides the watch's flag it checks the gap itself:
   * right after a pause the render thread may run before the watch has ticked.
   */
  private AttemptFence fenceFor(String shardId) {
    return () -> lapsed.contains(shardId) || System.nanoTime() - lastTick > pauseLimitNanos();
  }

  private List<String> held() {
    synchronized (holding) {
      return List.copyOf(holding.keySet());
    }
  }

  private void heartbeat() {
    String shard = null;
    String job = null;
    synchronized (holding) {
      for (var e : holding.entrySet()) {
        shard = e.getKey();
        job = e.getValue();
      }
    }
    reports.heartbeat(drained, shard, job);
  }

  /**
   * The autoscaler's drain, made exact here: only this thread takes shards, so once it sees the
   * drain between shards and says "drained", no shard can be taken until the drain is lifted — the
   * pod may go. A drain that arrives while a shard renders takes effect when the render ends.
   */
  private boolean parkedForDrain() {
    var request = controls.drainRequest();
    java.time.Instant under = request != null && request.drain() ? request.at() : null;
    if (under != null && !holding.isEmpty()) {
      pause(Duration.ofMillis(50)); // drained only once the shards still being stored are
      return true;
    }
    if (!java.util.Objects.equals(under, drained)) {
      drained = under;
      log.info(under != null ? "Drained: taking no shards, holding none" : "Drain lifted");
      heartbeat(); // tell the scheduler and the autoscaler now, not at the next interval
    }
    if (under != null) {
      pause(Duration.ofMillis(200));
    }
    return under != null;
  }

  private void run() {
    while (running) {
      if (parkedForDrain()) {
        continue;
      }
      ConsumerRecord<String, byte[]> taken;
      try {
        taken = take();
      } catch (WakeupException e) {
        break; // stop() woke us
      } catch (RuntimeException e) {
        if (running) {
          log.warn("Shard consumer failed, reconnecting: {}", e.toString());
          pause(Duration.ofSeconds(1));
        }
        continue;
      }
      if (taken != null) {
        handle(taken);
      }
    }
    // Stopping: the shards in flight stop at their next step or are stored; wait for their reports.
    try {
      CompletableFuture.allOf(flights.values().toArray(CompletableFuture[]::new))
          .get(props.stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      log.warn("Shards {} still in flight at shutdown: {}", held(), e.toString());
    }
  }

  /**
   * Joins the pool's share group, takes one shard, accepts it, and leaves the group. Returns null
   * when stopping, or when the acceptance did not go through (the broker then delivers the shard to
   * another worker; rendering it here too would render it twice).
   */
  private ConsumerRecord<String, byte[]> take() {
    try (KafkaShareConsumer<String, byte[]> c = newConsumer()) {
      consumer = c;
      c.subscribe(List.of(Topics.shardsQueued(props.pool()).name()));
      ConsumerRecord<String, byte[]> taken = null;
      ShardTask task = null;
      while (running && taken == null && !controls.draining()) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
          if (taken == null) {
            // The scheduler hears of the take before the queue gives the shard up: a worker that
            // died between the two would otherwise hold a shard nobody knows of, and it would
            // never render (an unreadable task is dead-lettered by handle(), unreported).
            task = readable(r);
            if (task != null && !reports.taken(task)) {
              c.acknowledge(r, AcknowledgeType.RELEASE);
              continue;
            }
            taken = r;
            c.acknowledge(r, AcknowledgeType.ACCEPT);
          } else {
            c.acknowledge(r, AcknowledgeType.RELEASE); // one shard at a time
          }
        }
      }
      if (taken == null) {
        return null;
      }
      try {
        c.commitSync(Duration.ofSeconds(10))
            .forEach(
                (partition, failure) ->
                    failure.ifPresent(
                        f -> {
                          throw new IllegalStateException(f);
                        }));
      } catch (RuntimeException e) {
        log.warn(
            "Could not take shard {}: {}; leaving it to another worker", taken.key(), e.toString());
        if (task != null) {
          reports.released(task, 0, null); // reported taken: say it is not held here after all
        }
        return null;
      }
      return taken;
    } finally {
      consumer = null;
    }
  }

  /** The record's task if it reads as one; null leaves it to handle() to dead-letter. */
  private static ShardTask readable(ConsumerRecord<String, byte[]> r) {
    try {
      ShardTask t = PrevisJson.mapper().readValue(r.value(), ShardTask.class);
      return t.shardId() == null || t.jobId() == null || t.modelId() == null ? null : t;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private void handle(ConsumerRecord<String, byte[]> record) {
    String correlation = CloudEventHeaders.correlation(record.headers());
    ShardTask task;
    try {
      task = PrevisJson.mapper().readValue(record.value(), ShardTask.class);
      if (task.shardId() == null || task.jobId() == null || task.modelId() == null) {
        throw new IllegalArgumentException("shardId, jobId and modelId are required");
      }
    } catch (RuntimeException e) {
      deadLetters.deadLetter(record, null, "unreadable shard task: " + e.getMessage(), e);
      count(ShardOutcomes.POISON);
      reports.failed(record.key(), null);
      return;
    }
    int attempt = Math.max(1, task.attempt());
    // Held from the take on (not only while rendering): a pod that goes now loses this shard.
    hold(task);
    CompletableFuture<Void> gpuFree = new CompletableFuture<>();
    boolean handedOff = false;
    try (JobContext job = JobContext.enter(task.jobId(), task.studio(), correlation)) {
      // The scheduler was told at the take (see take()): from then on a lost heartbeat means this
      // shard is lost with us (as taken: it spends an attempt only once the render thread has
      // started it).
      String marker = ObjectKeys.renderedMarker(task.studio(), task.jobId(), task.shardId());
      boolean rendered = store.exists(marker);
      Outcome before = ShardOutcomes.beforeRender(attempt, props.maxAttempts(), rendered);
      if (before != null) {
        if (rendered) {
          // A second release of a shard a worker finished: re-announce, render nothing.
          ShardRendered done =
              PrevisJson.mapper().readValue(store.get(marker), ShardRendered.class);
          renderer.announce(done, correlation);
          reports.finished(
              task.shardId(),
              task.jobId(),
              done.usage() == null ? 0 : done.usage().deviceSeconds());
        } else {
          deadLetters.deadLetter(record, task, before.reason(), null);
          reports.failed(task.shardId(), task.jobId());
        }
        count(before);
        return;
      }
      long releasedAt = record.timestamp();
      controls.awaitCurrent(Duration.ofSeconds(1));
      if (controls.stopFor(task.shardId(), releasedAt) != null || !running) {
        log.info("Shard {} was stopped before it started", task.shardId());
        reports.released(task, 0, null);
        count(ShardOutcomes.STOPPED_BEFORE_START);
        return;
      }
      Flight f = new Flight(record, task, attempt, correlation, releasedAt, gpuFree);
      ShardRenderer.Prepared prepared;
      try {
        // While the shard before it renders: its inputs are in hand when the GPU is free.
        prepared = renderer.prepare(task, attempt, correlation);
      } catch (Exception | Error e) {
        outcome(f, null, e);
        return;
      }
      log.info("Rendering shard {} (attempt {})", task.shardId(), attempt);
      handedOff = true;
      flights.put(task.shardId(), f.done);
      renderThread.execute(() -> renderOnGpu(f, prepared));
    } catch (Exception e) {
      log.warn("Shard {} not started: {}", task.shardId(), e.toString());
      reports.errored(task.shardId(), task.jobId());
    } finally {
      if (!handedOff) {
        release(task.shardId());
      }
    }
    // The next shard is taken once this one's GPU work is nearly done.
    gpuFree.join();
  }

  /** A shard from its take to its outcome. */
  private record Flight(
      ConsumerRecord<String, byte[]> record,
      ShardTask task,
      int attempt,
      String correlation,
      long releasedAt,
      CompletableFuture<Void> gpuFree,
      CompletableFuture<Void> done) {
    Flight(
        ConsumerRecord<String, byte[]> record,
        ShardTask task,
        int attempt,
        String correlation,
        long releasedAt,
        CompletableFuture<Void> gpuFree) {
      this(record, task, attempt, correlation, releasedAt, gpuFree, new CompletableFuture<>());
    }
  }

  /** On the render thread: the shard's GPU work, then its storing handed to the finisher. */
  private void renderOnGpu(Flight f, ShardRenderer.Prepared prepared) {
    ShardTask t = f.task();
    ShardRenderer.Decoded decoded;
    try (JobContext renderJob = JobContext.enter(t.jobId(), t.studio(), f.correlation())) {
      reports.started(t); // after taken: the same producer and key keep them in order
      decoded =
          renderer.renderOnGpu(
              prepared,
              () ->
                  stopRequested
                      || controls.releaseRequested()
                      || controls.stopFor(t.shardId(), f.releasedAt()) != null,
              fenceFor(t.shardId()),
              billed -> {
                // Before any outcome report of this shard (same key, same producer: in order).
                reports.finishing(t, billed);
                f.gpuFree().complete(null);
              });
    } catch (Throwable e) {
      f.gpuFree().complete(null);
      outcome(f, null, e);
      return;
    }
    finisher.execute(
        () -> {
          try (JobContext finishJob = JobContext.enter(t.jobId(), t.studio(), f.correlation())) {
            outcome(f, renderer.finish(decoded, fenceFor(t.shardId())), null);
          } catch (Throwable e) {
            outcome(f, null, e);
          }
        });
  }

  /** Reports what became of the shard, and lets go of it. */
  private void outcome(Flight f, ShardRendered rendered, Throwable failure) {
    ShardTask t = f.task();
    try {
      Outcome after = ShardOutcomes.afterRender(failure);
      if (failure == null) {
        reports.finished(
            t.shardId(),
            t.jobId(),
            rendered.usage() == null ? 0 : rendered.usage().deviceSeconds());
      } else if (failure instanceof ShardSupersededException superseded) {
        log.warn("{}; nothing of this attempt is kept", superseded.getMessage());
        if (superseded.committedByAnother()) {
          reports.finished(t.shardId(), t.jobId(), 0); // the shard is done, by another attempt
        } else {
          // Ignored by the scheduler when another worker holds the shard (the usual case); if the
          // pause fell just short of its timeout, the shard is queued again from its checkpoint.
          reports.released(t, 0, null);
        }
      } else if (failure instanceof ShardStoppedException stopped) {
        var asked = controls.stopFor(t.shardId(), f.releasedAt());
        renderer.announceStop(
            t,
            stopped,
            asked != null
                ? asked.why()
                : controls.releaseRequested() ? "worker draining" : "worker stopping",
            f.correlation());
        reports.released(t, stopped.billedSeconds(), stopped.checkpointStep());
      } else if (after.deadLetter()) {
        deadLetters.deadLetter(f.record(), t, after.reason(), failure);
        reports.failed(t.shardId(), t.jobId());
      } else {
        log.warn("Shard failed; the scheduler releases it again: {}", failure.toString());
        reports.errored(t.shardId(), t.jobId());
      }
      count(after);
    } finally {
      release(t.shardId());
      flights.remove(t.shardId(), f.done());
      f.done().complete(null);
    }
  }

  private void hold(ShardTask task) {
    holding.put(task.shardId(), task.jobId());
    lapsed.remove(task.shardId());
  }

  private void release(String shardId) {
    holding.remove(shardId);
    lapsed.remove(shardId);
  }

  private void count(Outcome outcome) {
    registry.counter("previs.shards.completed", "outcome", outcome.metric()).increment();
  }

  /**
   * The pool's queue exists (the pool's first worker makes it), its share group starts at the
   * earliest offset (shards released before the pool's first worker joined must count) and reads
   * only committed records (the scheduler releases shards in transactions; an aborted release must
   * never render).
   */
  private void configureGroup() {
    String group = props.shareGroup();
    Topic<ShardTask> queue = Topics.shardsQueued(props.pool());
    try {
      admin
          .createTopics(
              List.of(
                  new NewTopic(queue.name(), queue.partitions(), (short) -1),
                  new NewTopic(queue.deadLetter(), queue.partitions(), (short) -1)))
          .values()
          .forEach(
              (name, f) -> {
                try {
                  f.get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                  if (!(e.getCause() instanceof TopicExistsException)) {
                    log.warn("Cannot create {}: {}", name, e.toString());
                  }
                }
              });
      admin
          .incrementalAlterConfigs(
              Map.of(
                  new ConfigResource(ConfigResource.Type.GROUP, group),
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry("share.auto.offset.reset", "earliest"),
                          AlterConfigOp.OpType.SET),
                      new AlterConfigOp(
                          new ConfigEntry("share.isolation.level", "read_committed"),
                          AlterConfigOp.OpType.SET))))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("Cannot configure share group {}: {}", group, e.toString());
    }
  }

  private KafkaShareConsumer<String, byte[]> newConsumer() {
    return new KafkaShareConsumer<>(
        ShareConsumerSettings.of(kafka, props.shareGroup(), "previs-worker-" + props.id()),
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
    if (c != null) {
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
    finisher.shutdown();
    heartbeats.shutdownNow();
    reports.left();
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
