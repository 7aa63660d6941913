package io.previs.scheduler.streams;

import io.previs.contracts.cloudevents.CloudEventHeaders;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.Priority;
import io.previs.contracts.scheduling.JobCommand;
import io.previs.contracts.scheduling.PoolBacklog;
import io.previs.contracts.scheduling.SchedulerInput;
import io.previs.contracts.scheduling.ShardControl;
import io.previs.contracts.scheduling.StudioEvent;
import io.previs.contracts.scheduling.StudioQuota;
import io.previs.contracts.scheduling.WorkerReport;
import io.previs.contracts.shard.ShardTask;
import io.previs.contracts.topics.Topic;
import io.previs.contracts.topics.Topics;
import io.previs.scheduler.SchedulerProperties;
import io.previs.scheduler.policy.Decision;
import io.previs.scheduler.policy.Demand;
import io.previs.scheduler.policy.Eta;
import io.previs.scheduler.policy.PoolSpec;
import io.previs.scheduler.policy.Quota;
import io.previs.scheduler.policy.Scheduler;
import io.previs.scheduler.policy.SchedulerState;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin adapter around {@link Scheduler}: reads each input into the policy, carries out its
 * decisions as records, and writes the policy's changed state to the store (whose changelog topic
 * is what a replica taking over rebuilds from). Time-driven work — budgets turning over, lost
 * workers, ETAs, the backlog record — runs on a wall-clock punctuator.
 */
final class SchedulerProcessor implements Processor<String, byte[], String, byte[]> {

  static final String STORE = "scheduler-state";

  private static final Logger log = LoggerFactory.getLogger(SchedulerProcessor.class);

  private final SchedulerProperties props;
  private final SchedulerMetrics metrics;
  private final Clock clock;
  private ProcessorContext<String, byte[]> ctx;
  private KeyValueStore<String, byte[]> store;
  private Scheduler scheduler;

  /** The last queue figures published per job, so only changes go out. */
  private final Map<String, Published> published = new HashMap<>();

  private record Published(String studio, JobEvent.Queue queue) {}

  private Instant lastEta = Instant.EPOCH;
  private Instant lastBacklog = Instant.EPOCH;
  private String commandId;

  SchedulerProcessor(SchedulerProperties props, SchedulerMetrics metrics, Clock clock) {
    this.props = props;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.ctx = context;
    this.store = context.getStateStore(STORE);
    this.scheduler = restore();
    props.pools().forEach(p -> scheduler.declarePool(p.spec()));
    metrics.bind(scheduler);
    log.info(
        "Scheduler active: {} shards queued, {} in the pools, from the state store",
        scheduler.queued(),
        scheduler.pools().size());
    context.schedule(props.tick(), PunctuationType.WALL_CLOCK_TIME, ts -> tick());
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String topic = ctx.recordMetadata().map(m -> m.topic()).orElse("");
    Instant now = clock.instant();
    scheduler.heard(now);
    try {
      if (topic.equals(Topics.STUDIOS_QUOTAS.name())) {
        quota(record, now);
      } else {
        input(Outputs.read(record.value(), SchedulerInput.class), record, now);
      }
    } catch (RuntimeException e) {
      deadLetter(record, topic, e);
    } finally {
      commandId = null;
    }
    decide(now);
  }

  private void input(SchedulerInput in, Record<String, byte[]> record, Instant now) {
    if (in == null || in.kind() == null) {
      throw new IllegalArgumentException("kind is required");
    }
    switch (in.kind()) {
      case SHARD -> shard(in.shard(), CloudEventHeaders.correlation(record.headers()), now);
      case COMMAND -> command(in.command(), now);
      case REPORT -> report(in.report(), now);
    }
  }

  private void shard(ShardTask t, String correlationId, Instant now) {
    if (t == null || t.shardId() == null || t.jobId() == null || t.studio() == null) {
      throw new IllegalArgumentException("shard with shardId, jobId and studio is required");
    }
    double units = t.workUnits() > 0 ? t.workUnits() : fallbackUnits(t);
    Demand d =
        new Demand(
            t.shardId(), t.jobId(), t.studio(), t.modelId(), units, Math.max(0, t.gpuMemoryGb()));
    boolean fresh = scheduler.submit(d, t.priority() == null ? Priority.NORMAL : t.priority(), now);
    if (fresh && scheduler.status(t.shardId()) != null) {
      // Kept until the shard ends (it may be released again); not for a shard dropped on arrival
      // (its job was cancelled), whose entry nothing would ever delete.
      store.put("task/" + t.shardId(), Outputs.json(new TaskEntry(t, correlationId)));
      log.debug("Shard {} of {} queued ({} units)", t.shardId(), t.studio(), units);
    }
  }

  /** A task from before work units were planned: 40 steps, the shard's frames and size. */
  private static double fallbackUnits(ShardTask t) {
    int steps = t.steps() == null ? 40 : t.steps();
    return Demand.units(steps, Math.max(1, t.frames()), t.width(), t.height());
  }

  private void command(JobCommand c, Instant now) {
    if (c == null || c.action() == null || c.jobId() == null || c.studio() == null) {
      throw new IllegalArgumentException("command with action, jobId and studio is required");
    }
    commandId = c.commandId();
    boolean applied =
        switch (c.action()) {
          case CANCEL -> scheduler.cancel(c.jobId(), c.studio(), c.by(), now);
          case PAUSE -> scheduler.pause(c.jobId(), c.studio(), now);
          case RESUME -> scheduler.resume(c.jobId(), c.studio(), now);
          case PRIORITY -> scheduler.reprioritize(c.jobId(), c.studio(), c.priority(), now);
        };
    log.info(
        "Command {} on job {} by {}: {}",
        c.action().wire(),
        c.jobId(),
        c.by(),
        applied ? "applied" : "nothing to do");
    if (!applied || c.action() == JobCommand.Action.CANCEL) {
      return; // a cancellation is published from its decision, with what it dropped and stopped
    }
    JobEventType type =
        switch (c.action()) {
          case PAUSE -> JobEventType.PAUSED;
          case RESUME -> JobEventType.RESUMED;
          default -> JobEventType.PRIORITY_CHANGED;
        };
    jobEvent(
        JobEvent.of(type, c.jobId(), c.studio(), now)
            .withReason(c.reason())
            .withControl(
                new JobEvent.Control(
                    c.commandId(),
                    c.by(),
                    c.priority() == null ? null : c.priority().wire(),
                    0,
                    0)),
        null,
        now);
  }

  private void report(WorkerReport w, Instant now) {
    if (w == null || w.kind() == null || w.worker() == null || w.pool() == null) {
      throw new IllegalArgumentException("report with kind, worker and pool is required");
    }
    switch (w.kind()) {
      case HEARTBEAT -> seen(w, now);
      case TAKEN, STARTED -> {
        seen(w, now);
        scheduler.started(
            w.shardId(), w.jobId(), w.worker(), w.pool(), w.kind() == WorkerReport.Kind.TAKEN, now);
      }
      case FINISHING -> scheduler.finishing(w.shardId(), w.worker(), w.billedSeconds(), now);
      case FINISHED -> scheduler.finished(w.shardId(), w.billedSeconds(), now);
      case RELEASED, FAILED, ERRORED -> {
        if (!scheduler.heldBy(w.shardId(), w.worker())) {
          log.warn(
              "Ignoring {} of shard {} from {}: a later attempt holds it",
              w.kind().wire(),
              w.shardId(),
              w.worker());
          metrics.staleReport();
        } else if (w.kind() == WorkerReport.Kind.RELEASED) {
          scheduler.released(w.shardId(), w.billedSeconds(), now);
        } else if (w.kind() == WorkerReport.Kind.FAILED) {
          scheduler.failed(w.shardId(), w.billedSeconds(), now);
        } else {
          scheduler.errored(w.shardId(), w.billedSeconds(), "failed on " + w.worker(), now);
        }
      }
      case LEFT -> {
        scheduler.workerGone(w.worker());
        log.info(
            "Worker {} left pool {} ({} GPUs)", w.worker(), w.pool(), scheduler.capacity(w.pool()));
      }
    }
  }

  private void seen(WorkerReport w, Instant now) {
    if (scheduler.worker(w.worker(), spec(w), w.draining(), now)) {
      log.info(
          "Worker {} {} pool {} ({} GPUs taking work)",
          w.worker(),
          w.draining() ? "is draining in" : "joined",
          w.pool(),
          scheduler.capacity(w.pool()));
    }
  }

  private static PoolSpec spec(WorkerReport w) {
    return new PoolSpec(w.pool(), Math.max(0, w.gpuMemoryGb()), w.speed() > 0 ? w.speed() : 1);
  }

  private void quota(Record<String, byte[]> record, Instant now) {
    if (record.value() == null) {
      scheduler.quota(record.key(), props.policy().defaultQuota());
      store.delete("quota/" + record.key());
      return;
    }
    StudioQuota q = Outputs.read(record.value(), StudioQuota.class);
    scheduler.quota(
        q.studio(),
        new Quota(
            q.weight(),
            q.maxGpus(),
            q.maxQueuedJobs(),
            q.dailyGpuSeconds(),
            q.monthlyGpuSeconds()));
    store.put("quota/" + q.studio(), record.value());
    log.info("Quota of studio {} set by {}", q.studio(), q.updatedBy());
  }

  // --- decisions --------------------------------------------------------------------------

  private void tick() {
    Instant now = clock.instant();
    decide(now);
    if (!now.isBefore(lastEta.plus(props.etaInterval()))) {
      lastEta = now;
      publishEtas(now);
    }
    // A pool's first pending shard goes out at once, not at the next interval: the autoscaler
    // wakes a pool scaled to zero from this record.
    if (!now.isBefore(lastBacklog.plus(props.backlogInterval())) || countsMoved()) {
      lastBacklog = now;
      publishBacklog(now);
    }
  }

  private void decide(Instant now) {
    List<Decision> decisions = scheduler.decide(now);
    for (String lost : scheduler.takeLost()) {
      log.warn(
          "Worker {} lost: no heartbeat for {}; its GPU leaves the pool",
          lost,
          props.workerTimeout());
    }
    for (Decision d : decisions) {
      log.debug("Decision: {}", d);
      switch (d) {
        case Decision.Dispatch x -> dispatch(x, now);
        case Decision.Stop x -> stop(x, now);
        case Decision.JobCancelled x -> cancelled(x, now);
        case Decision.BudgetAlert x -> budget(x, now);
        case Decision.ShardFailed x -> shardFailed(x, now);
      }
      metrics.decided(d);
    }
    persist();
  }

  private void dispatch(Decision.Dispatch x, Instant now) {
    TaskEntry entry = task(x.shardId());
    if (entry == null) {
      log.warn("No task stored for shard {}; it cannot be released", x.shardId());
      return;
    }
    ctx.forward(
        Outputs.record(
            Topics.shardsQueued(x.pool()),
            x.shardId(),
            entry.task().asAttempt(x.attempt()),
            null,
            x.jobId(),
            entry.correlationId(),
            now));
    if (entry.task().queuedAt() != null) {
      metrics.waited(x.priority(), Duration.between(entry.task().queuedAt(), now));
    }
    log.debug("Released {} to pool {}: {}", x.shardId(), x.pool(), x.reason());
  }

  private void stop(Decision.Stop x, Instant now) {
    ctx.forward(
        Outputs.record(
            Topics.WORKERS_CONTROL,
            x.shardId(),
            new ShardControl(
                ShardControl.SCHEMA_VERSION,
                x.shardId(),
                x.jobId(),
                x.worker(),
                x.why().wire(),
                x.reason(),
                now),
            x.why().wire(),
            x.jobId(),
            null,
            now));
    log.info("Stop {} on {} ({}): {}", x.shardId(), x.worker(), x.why().wire(), x.reason());
    if (x.why() == io.previs.scheduler.policy.StopReason.PREEMPT) {
      TaskEntry entry = task(x.shardId());
      if (entry != null) {
        ShardTask t = entry.task();
        jobEvent(
            JobEvent.of(JobEventType.PREEMPTED, t.jobId(), t.studio(), now)
                .withShard(new JobEvent.ShardRef(t.shardId(), t.shot(), t.variant()))
                .withReason(x.reason()),
            entry.correlationId(),
            now);
      }
    }
  }

  private void shardFailed(Decision.ShardFailed x, Instant now) {
    TaskEntry entry = task(x.shardId());
    JobEvent e =
        JobEvent.of(JobEventType.FAILED, x.jobId(), x.studio(), now)
            .withStage(io.previs.contracts.job.Stage.RENDER)
            .withReason("shard " + x.shardId() + " failed: " + x.reason());
    if (entry != null) {
      e =
          e.withShard(
              new JobEvent.ShardRef(x.shardId(), entry.task().shot(), entry.task().variant()));
    }
    jobEvent(e, entry == null ? null : entry.correlationId(), now);
    if (entry != null && x.pool() != null) {
      // The task itself goes where a poison task belongs, with why: ops can inspect and replay it.
      Topic<?> queue = Topics.shardsQueued(x.pool());
      Record<String, byte[]> dead =
          Outputs.record(
              queue,
              x.shardId(),
              entry.task().asAttempt(x.attempts()),
              null,
              x.jobId(),
              entry.correlationId(),
              now);
      Headers h = dead.headers();
      h.remove(Outputs.TOPIC_HEADER);
      h.add(Outputs.TOPIC_HEADER, queue.deadLetter().getBytes(StandardCharsets.UTF_8));
      h.add("previs_dlt_reason", x.reason().getBytes(StandardCharsets.UTF_8));
      h.add("previs_dlt_attempts", Integer.toString(x.attempts()).getBytes(StandardCharsets.UTF_8));
      ctx.forward(dead);
      metrics.deadLettered(queue.deadLetter());
    }
    log.warn("Shard {} failed: {}", x.shardId(), x.reason());
  }

  private void cancelled(Decision.JobCancelled x, Instant now) {
    jobEvent(
        JobEvent.of(JobEventType.CANCELLED, x.jobId(), x.studio(), now)
            .withReason("cancelled by " + x.by())
            .withControl(
                new JobEvent.Control(commandId, x.by(), null, x.droppedQueued(), x.stopping())),
        null,
        now);
    published.remove(x.jobId());
  }

  private void budget(Decision.BudgetAlert x, Instant now) {
    String type = x.exhausted() ? "budget.exhausted" : "budget.warning";
    ctx.forward(
        Outputs.record(
            Topics.STUDIOS_EVENTS,
            x.studio(),
            new StudioEvent(
                StudioEvent.SCHEMA_VERSION,
                type,
                x.studio(),
                x.period(),
                x.periodKey(),
                x.used(),
                x.budget(),
                now),
            type,
            x.studio(),
            null,
            now));
    log.info(
        "Studio {} {}: {} of {} GPU-seconds this {}",
        x.studio(),
        type,
        String.format("%.1f", x.used()),
        String.format("%.1f", x.budget()),
        x.period());
  }

  private void jobEvent(JobEvent e, String correlationId, Instant now) {
    ctx.forward(
        Outputs.record(
            Topics.JOBS_EVENTS, e.jobId(), e, e.type().wire(), e.jobId(), correlationId, now));
  }

  private void publishEtas(Instant now) {
    Set<String> queued = new HashSet<>();
    for (Eta e : scheduler.etas(now)) {
      queued.add(e.jobId());
      JobEvent.Queue q =
          new JobEvent.Queue(
              e.priority().wire(),
              e.position(),
              e.queuedShards(),
              e.runningShards(),
              seconds(e.estimatedStart()),
              seconds(e.estimatedFinish()),
              e.blockedBy());
      Published before = published.get(e.jobId());
      if (before == null || !close(q, before.queue())) {
        published.put(e.jobId(), new Published(e.studio(), q));
        jobEvent(
            JobEvent.of(JobEventType.QUEUE_UPDATED, e.jobId(), e.studio(), now).withQueue(q),
            null,
            now);
      }
    }
    // Jobs with no shard waiting any more: say so once, so views drop the estimate.
    for (var it = published.entrySet().iterator(); it.hasNext(); ) {
      var p = it.next();
      if (!queued.contains(p.getKey())) {
        it.remove();
        JobEvent.Queue none =
            new JobEvent.Queue(p.getValue().queue().priority(), 0, 0, 0, null, null, null);
        jobEvent(
            JobEvent.of(JobEventType.QUEUE_UPDATED, p.getKey(), p.getValue().studio(), now)
                .withQueue(none),
            null,
            now);
      }
    }
  }

  /** Equal but for estimates that moved by less than 5 s (not worth an event). */
  private static boolean close(JobEvent.Queue a, JobEvent.Queue b) {
    if (b == null) {
      return false;
    }
    return a.position() == b.position()
        && a.queuedShards() == b.queuedShards()
        && a.runningShards() == b.runningShards()
        && java.util.Objects.equals(a.blockedBy(), b.blockedBy())
        && near(a.estimatedStart(), b.estimatedStart())
        && near(a.estimatedFinish(), b.estimatedFinish());
  }

  private static boolean near(Instant a, Instant b) {
    if (a == null || b == null) {
      return a == b;
    }
    return Math.abs(Duration.between(a, b).toSeconds()) < 5;
  }

  private static Instant seconds(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS);
  }

  /** Per pool: the counts of its last published record (GPUs, busy, queued). */
  private final Map<String, List<Integer>> lastCounts = new HashMap<>();

  /**
   * A pool's GPUs, busy or queued count moved since its last record: the autoscaler acts on these
   * counts, so a change goes out at the next tick (a second apart at most), not at the interval.
   */
  private boolean countsMoved() {
    Instant now = clock.instant();
    for (PoolSpec pool : scheduler.pools()) {
      if (!counts(pool, now).equals(lastCounts.get(pool.name()))) {
        return true;
      }
    }
    return false;
  }

  private List<Integer> counts(PoolSpec pool, Instant now) {
    return List.of(
        scheduler.capacity(pool.name()),
        scheduler.busy(pool.name()),
        scheduler.runnableFitting(pool.memoryGb(), now));
  }

  private void publishBacklog(Instant now) {
    Map<String, double[]> backlog = scheduler.backlogSeconds(now);
    for (PoolSpec pool : scheduler.pools()) {
      double[] perClass = backlog.getOrDefault(pool.name(), new double[4]);
      int queued = scheduler.runnableFitting(pool.memoryGb(), now);
      lastCounts.put(pool.name(), counts(pool, now));
      Map<String, Double> byClass = new java.util.LinkedHashMap<>();
      for (Priority p : Priority.values()) {
        byClass.put(p.wire(), perClass[p.ordinal()]);
      }
      ctx.forward(
          Outputs.record(
              Topics.SCHEDULER_BACKLOG,
              pool.name(),
              new PoolBacklog(
                  PoolBacklog.SCHEMA_VERSION,
                  pool.name(),
                  pool.memoryGb(),
                  pool.speed(),
                  scheduler.capacity(pool.name()),
                  scheduler.busy(pool.name()),
                  byClass,
                  queued,
                  now),
              null,
              null,
              null,
              now));
    }
    metrics.refresh(scheduler, backlog);
  }

  // --- state ------------------------------------------------------------------------------

  private void persist() {
    for (String key : scheduler.takeDirty()) {
      Object r = SchedulerState.record(scheduler, key);
      if (r == null) {
        store.delete(key);
        if (key.startsWith("shard/")) {
          store.delete("task/" + key.substring("shard/".length()));
        }
      } else {
        store.put(key, Outputs.json(r));
      }
    }
    store.put("clock", Outputs.json(SchedulerState.clock(scheduler)));
  }

  private TaskEntry task(String shardId) {
    byte[] bytes = store.get("task/" + shardId);
    return bytes == null ? null : Outputs.read(bytes, TaskEntry.class);
  }

  private Scheduler restore() {
    List<SchedulerState.StudioRecord> studios = new ArrayList<>();
    List<SchedulerState.JobRecord> jobs = new ArrayList<>();
    List<SchedulerState.ShardRecord> shards = new ArrayList<>();
    Map<String, Quota> quotas = new HashMap<>();
    SchedulerState.ClockRecord clockRecord = null;
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> kv = it.next();
        String k = kv.key;
        if (k.equals("clock")) {
          clockRecord = Outputs.read(kv.value, SchedulerState.ClockRecord.class);
        } else if (k.startsWith("shard/")) {
          shards.add(Outputs.read(kv.value, SchedulerState.ShardRecord.class));
        } else if (k.startsWith("job/")) {
          jobs.add(Outputs.read(kv.value, SchedulerState.JobRecord.class));
        } else if (k.startsWith("studio/")) {
          studios.add(Outputs.read(kv.value, SchedulerState.StudioRecord.class));
        } else if (k.startsWith("quota/")) {
          StudioQuota q = Outputs.read(kv.value, StudioQuota.class);
          quotas.put(
              q.studio(),
              new Quota(
                  q.weight(),
                  q.maxGpus(),
                  q.maxQueuedJobs(),
                  q.dailyGpuSeconds(),
                  q.monthlyGpuSeconds()));
        }
      }
    }
    return SchedulerState.restore(props.policy(), clockRecord, studios, jobs, shards, quotas);
  }

  private void deadLetter(Record<String, byte[]> record, String topic, RuntimeException e) {
    log.warn("Unreadable record on {} sent to its dead-letter topic: {}", topic, e.toString());
    RecordHeaders headers = new RecordHeaders(record.headers().toArray());
    headers.add(
        "previs_dlt_reason", String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
    headers.add(
        Outputs.TOPIC_HEADER, (topic + Topic.DEAD_LETTER_SUFFIX).getBytes(StandardCharsets.UTF_8));
    ctx.forward(record.withHeaders(headers));
    metrics.deadLettered(topic + Topic.DEAD_LETTER_SUFFIX);
  }

  @Override
  public void close() {
    metrics.unbind();
  }
}
