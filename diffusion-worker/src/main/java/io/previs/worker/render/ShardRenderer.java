package io.previs.worker.render;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.previs.contracts.job.GpuUsage;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEvent.Progress;
import io.previs.contracts.job.JobEvent.ShardRef;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.Stage;
import io.previs.contracts.shard.ShardRendered;
import io.previs.contracts.shard.ShardTask;
import io.previs.contracts.storage.ObjectKeys;
import io.previs.contracts.topics.Topics;
import io.previs.diffusion.pipeline.RenderSettings;
import io.previs.diffusion.pipeline.TextToVideo;
import io.previs.diffusion.sampling.SamplePlan;
import io.previs.diffusion.sampling.Sampler;
import io.previs.diffusion.sampling.SamplerState;
import io.previs.diffusion.sampling.SamplingStoppedException;
import io.previs.diffusion.sampling.StepListener;
import io.previs.diffusion.sampling.StepProgress;
import io.previs.diffusion.sampling.WindowProgress;
import io.previs.diffusion.text.TextEmbedding;
import io.previs.media.frames.Fps;
import io.previs.servicekit.kafka.EventPublisher;
import io.previs.servicekit.storage.ObjectStore;
import io.previs.worker.WorkerProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Renders one shard in three parts, so that a worker's GPU goes from one shard to the next without
 * waiting: {@link #prepare} fetches its inputs (while the shard before it renders), {@link
 * #renderOnGpu} runs the sampler (resuming from the shard's last checkpoint if a previous worker
 * got that far, checkpointing as it goes) and the VAE decode, whose frames a lossless FFV1 encoder
 * takes beside it, and {@link #finish} stores the file, commits the shard and announces it (while
 * the next shard renders). Progress is published per step, throttled.
 */
@Component
public class ShardRenderer {

  private static final Logger log = LoggerFactory.getLogger(ShardRenderer.class);

  private final Pipelines pipelines;
  private final ObjectStore store;
  private final EventPublisher publisher;
  private final WorkerProperties props;
  private final MeterRegistry registry;
  private final ShardCheckpoints checkpoints;
  private final StepWatch stepWatch;
  private final GpuDuty duty;

  /** The last decode's duration per model: part of the GPU work left when a shard nears its end. */
  private final Map<String, Long> decodeNanos = new ConcurrentHashMap<>();

  public ShardRenderer(
      Pipelines pipelines,
      ObjectStore store,
      EventPublisher publisher,
      WorkerProperties props,
      MeterRegistry registry,
      StepWatch stepWatch,
      GpuDuty duty) {
    this.stepWatch = stepWatch;
    this.duty = duty;
    this.pipelines = pipelines;
    this.store = store;
    this.publisher = publisher;
    this.props = props;
    this.registry = registry;
    this.checkpoints = new ShardCheckpoints(store);
  }

  /**
   * A shard's inputs, fetched before its turn on the GPU — while the shard before it still renders:
   * its model leased (loaded and warm), its plan, its embeddings, and the checkpoint it resumes
   * from. Close it if it never gets its turn.
   */
  public final class Prepared implements AutoCloseable {
    private final ShardTask task;
    private final int attempt;
    private final String correlationId;
    private final Pipelines.Lease lease;
    private final SamplePlan plan;
    private final TextEmbedding positive;
    private final TextEmbedding negative;
    private final List<TextToVideo.Beat> beats;
    private final String conditioning;
    private final String attemptName;
    private final String shardPrefix;
    private final String checkpointKey;
    private final ShardCheckpoints.Resumed resumed;

    /** A fresh shard's first state (its initial noise), drawn here, off the GPU's path. */
    private final SamplerState fresh;

    private final long readyAt = System.nanoTime();

    private Prepared(ShardTask task, int attempt, String correlationId, Pipelines.Lease lease)
        throws Exception {
      this.task = task;
      this.attempt = attempt;
      this.correlationId = correlationId;
      this.lease = lease;
      TextToVideo t2v = lease.pipeline();
      RenderSettings settings =
          RenderSettings.of(task.width(), task.height(), task.frames(), task.seed());
      if (task.steps() != null) {
        settings = settings.withSteps(task.steps());
      }
      if (task.guidance() != null) {
        settings = settings.withGuidance(task.guidance());
      }
      if (task.windowOverlap() != null) {
        // the request gives video frames; windows overlap in latent frames
        settings = settings.withWindowOverlap(t2v.bundle().latentOverlap(task.windowOverlap()));
      }
      if (task.variation() != null) {
        // more like this: near the chosen take (the plan's fingerprint covers it: a checkpoint
        // resumes only under the same variation)
        settings =
            settings.withVariation(task.variation().chosenSeed(), task.variation().strength());
      }
      this.plan = t2v.plan(settings);
      this.positive = TextEmbedding.fromBytes(store.get(task.promptEmbeddingKey()));
      this.negative = TextEmbedding.fromBytes(store.get(task.negativeEmbeddingKey()));
      List<TextToVideo.Beat> bs = new ArrayList<>();
      StringBuilder c = new StringBuilder(positive.fingerprint()).append(negative.fingerprint());
      for (ShardTask.Beat b : task.beats()) {
        TextEmbedding e = TextEmbedding.fromBytes(store.get(b.embeddingKey()));
        bs.add(new TextToVideo.Beat(b.startFrame(), e));
        // a checkpoint resumes only under the very same beats
        c.append('@').append(b.startFrame()).append(e.fingerprint());
      }
      this.beats = List.copyOf(bs);
      this.conditioning = c.toString();
      // This attempt's own names: nothing it writes can replace another attempt's objects.
      this.attemptName = ObjectKeys.attempt(attempt, props.id());
      this.shardPrefix = ObjectKeys.shard(task.studio(), task.jobId(), task.shardId());
      this.checkpointKey =
          ObjectKeys.checkpoint(task.studio(), task.jobId(), task.shardId(), attemptName);
      this.resumed = checkpoints.resume(plan, shardPrefix, conditioning);
      this.fresh = resumed == null ? t2v.start(plan) : null;
    }

    public ShardTask task() {
      return task;
    }

    @Override
    public void close() {
      lease.close();
    }
  }

  /** A shard whose GPU work is done: its frames are being encoded; {@link #finish} stores it. */
  public static final class Decoded {
    private final Prepared p;
    private final FrameEncoder encoder;
    private final java.util.concurrent.CompletableFuture<Integer> frames;
    private final ShardCheckpoints.Billed billed;
    private final Integer resumedFrom;
    private final long startedAt;
    private final String device;

    /** The shard's {@code stage.started}, sent without waiting when the GPU began. */
    private final java.util.concurrent.CompletableFuture<?> startedEvent;

    private Decoded(
        Prepared p,
        FrameEncoder encoder,
        java.util.concurrent.CompletableFuture<Integer> frames,
        ShardCheckpoints.Billed billed,
        Integer resumedFrom,
        long startedAt,
        String device,
        java.util.concurrent.CompletableFuture<?> startedEvent) {
      this.startedEvent = startedEvent;
      this.p = p;
      this.encoder = encoder;
      this.frames = frames;
      this.billed = billed;
      this.resumedFrom = resumedFrom;
      this.startedAt = startedAt;
      this.device = device;
    }

    public ShardTask task() {
      return p.task;
    }
  }

  /**
   * Fetches the shard's inputs and leases its model (waiting, if the shard needs another model, for
   * the render before it to let go of the GPU).
   */
  /** Mirrors and loads a model now, and keeps it loaded for the shards that will use it. */
  public void warmUp(String modelId) throws InterruptedException {
    long t0 = System.nanoTime();
    try (Pipelines.Lease ignored = pipelines.lease(modelId)) {
      log.info(
          "Model {} loaded before reporting for work, in {} ms",
          modelId,
          (System.nanoTime() - t0) / 1_000_000);
    }
  }

  public Prepared prepare(ShardTask task, int attempt, String correlationId) throws Exception {
    Pipelines.Lease lease = pipelines.lease(task.modelId());
    try {
      return new Prepared(task, attempt, correlationId, lease);
    } catch (Exception | Error e) {
      lease.close();
      throw e;
    }
  }

  /**
   * The shard's GPU work: the sampler (resuming from the shard's checkpoint if a previous worker
   * got that far), periodic checkpoints, then the VAE decode, whose frames go to the lossless
   * encoder beside it. Closes {@code p}.
   *
   * @param stop asked between denoising steps; when it says stop, the checkpoint of the step
   *     reached is stored and {@link ShardStoppedException} thrown, so the shard can go back to the
   *     pool losing nothing
   * @param fence once it says the attempt may have been superseded, the render stops acting and
   *     throws {@link ShardSupersededException}
   * @param nearlyDone told once, on this thread, when the GPU work left is within the prefetch lead
   *     (at the latest when it is done), so the next shard can be taken in time; it gets the
   *     shard's GPU-seconds billed so far (every attempt)
   */
  public Decoded renderOnGpu(
      Prepared p,
      Sampler.StopRequest stop,
      AttemptFence fence,
      java.util.function.DoubleConsumer nearlyDone)
      throws Exception {
    try (p) {
      return renderOnGpu(p, p.lease.pipeline(), stop, fence, new Once(nearlyDone));
    }
  }

  private Decoded renderOnGpu(
      Prepared p, TextToVideo t2v, Sampler.StopRequest stop, AttemptFence fence, Once nearlyDone)
      throws Exception {
    ShardTask task = p.task;
    long t0 = System.nanoTime();
    duty.started(p.readyAt);
    long modelBefore = t2v.modelRuns().nanos();
    SamplerState state = p.resumed == null ? p.fresh : p.resumed.state();
    Integer resumedFrom = p.resumed == null ? null : state.nextStep();
    // Billing: what earlier attempts cost up to the checkpoint, plus this attempt's model time.
    Meter meter =
        new Meter(
            t2v,
            p.resumed == null ? ShardCheckpoints.Billed.NOTHING : p.resumed.billed(),
            state.nextStep());
    // Not waited for here: the GPU starts at once. The same producer and key keep it before the
    // shard's progress and outcome; the outcome is not sent until it is acknowledged (below).
    JobEvent startedEvent =
        JobEvent.of(JobEventType.STAGE_STARTED, task.jobId(), task.studio(), Instant.now())
            .withStage(Stage.RENDER)
            .withShard(ref(task))
            .withReason(
                "attempt "
                    + p.attempt
                    + " on "
                    + props.id()
                    + " ("
                    + t2v.runtime().config().device()
                    + ")"
                    + (resumedFrom == null ? "" : ", resuming from step " + resumedFrom));
    var started =
        publisher.publish(
            Topics.JOBS_EVENTS,
            task.jobId(),
            startedEvent,
            JobEventType.STAGE_STARTED.wire(),
            task.jobId(),
            p.correlationId);

    ProgressReporter reporter = new ProgressReporter(task, resumedFrom, p.correlationId);
    long decodeGuess = decodeNanos.getOrDefault(task.modelId(), 0L);
    long lead = props.prefetchLead().toNanos();
    long[] stepNanos = {0, 0};
    try (StepWatchdog.Watch watch = stepWatch.watch(task, p.correlationId)) {
      t2v.denoise(
          state,
          p.positive,
          p.beats,
          p.negative,
          new StepListener() {
            @Override
            public void onWindow(WindowProgress wp) {
              if (!fence.lost()) {
                reporter.onWindow(wp);
              }
            }

            @Override
            public void onStep(StepProgress sp, SamplerState s) {
              watch.stepDone(sp.step(), sp.stepNanos());
              if (fence.lost()) {
                return; // superseded: say nothing more, store nothing (the stop below ends it)
              }
              reporter.onStep(sp);
              maybeCheckpoint(sp, s, p.checkpointKey, p.conditioning, reporter, meter, fence);
              stepNanos[0] += sp.stepNanos();
              stepNanos[1]++;
              long left =
                  (sp.steps() - sp.step() - 1) * (stepNanos[0] / stepNanos[1]) + decodeGuess;
              if (left <= lead) {
                nearlyDone.accept(meter.billedAt(s.nextStep()).deviceNanos() / 1e9);
              }
            }
          },
          () -> fence.lost() || stop.requested());
    } catch (SamplingStoppedException e) {
      duty.ended(t2v.modelRuns().nanos() - modelBefore);
      if (fence.lost()) {
        standDown(task, p.checkpointKey);
        throw new ShardSupersededException(
            task.shardId(), false, "lease lapsed; stopped at step " + e.nextStep());
      }
      // Shutting down: the sampler stopped between steps, so the state is whole; leave its
      // checkpoint for whoever gets the shard next.
      ShardCheckpoints.Billed billed = meter.billedAt(state.nextStep());
      checkpoints.store(p.checkpointKey, state, p.conditioning, billed);
      log.info("Stopped at step {}; checkpoint stored, handing the shard back", e.nextStep());
      throw new ShardStoppedException(
          task.shardId(),
          e.nextStep(),
          new GpuUsage(
              billed.deviceNanos() / 1e9,
              billed.modelRuns(),
              billed.steps(),
              task.modelId(),
              props.pool()));
    } catch (Exception | Error e) {
      duty.ended(t2v.modelRuns().nanos() - modelBefore);
      throw e;
    }

    Path dir = Files.createDirectories(props.workDir());
    FrameEncoder encoder =
        new FrameEncoder(
            dir.resolve(task.shardId() + "-" + p.attemptName + ".mkv"),
            task.width(),
            task.height(),
            Fps.of(task.fps()),
            props.encodeBufferMb() * (1L << 20),
            "shard-encode");
    java.util.concurrent.CompletableFuture<Integer> frames;
    long decodeStart = System.nanoTime();
    try {
      t2v.decode(state, encoder);
      frames = encoder.finish();
    } catch (Exception | Error e) {
      encoder.abort();
      throw e;
    } finally {
      duty.ended(t2v.modelRuns().nanos() - modelBefore);
    }
    decodeNanos.put(task.modelId(), System.nanoTime() - decodeStart);
    ShardCheckpoints.Billed billed = meter.billedAt(state.nextStep());
    nearlyDone.accept(billed.deviceNanos() / 1e9);
    return new Decoded(
        p, encoder, frames, billed, resumedFrom, t0, t2v.runtime().activeProvider(), started);
  }

  /**
   * Stores a shard whose GPU work is done — off the render thread, while the GPU renders the next:
   * waits for its lossless file, uploads it, commits the shard (its rendered marker) and announces
   * it.
   */
  public ShardRendered finish(Decoded d, AttemptFence fence) throws Exception {
    Prepared p = d.p;
    ShardTask task = p.task;
    int count;
    try {
      // the job's stage.started is acknowledged before anything of its outcome is stored or said
      d.startedEvent.get();
      count = d.frames.get();
    } catch (java.util.concurrent.ExecutionException e) {
      d.encoder.abort();
      throw e.getCause() instanceof Exception x ? x : e;
    }
    Path frames = d.encoder.file();
    String framesKey =
        ObjectKeys.frames(task.studio(), task.jobId(), task.shardId(), p.attemptName);
    if (fence.lost()) {
      Files.deleteIfExists(frames);
      standDown(task, p.checkpointKey);
      throw new ShardSupersededException(task.shardId(), false, "lease lapsed while decoding");
    }
    try {
      store.putFile(framesKey, frames, "video/x-matroska");
    } finally {
      Files.deleteIfExists(frames);
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - d.startedAt);
    ShardCheckpoints.Billed billed = d.billed;
    GpuUsage usage =
        new GpuUsage(
            billed.deviceNanos() / 1e9,
            billed.modelRuns(),
            billed.steps(),
            task.modelId(),
            props.pool());
    ShardRendered rendered =
        new ShardRendered(
            ShardRendered.SCHEMA_VERSION,
            task.shardId(),
            task.jobId(),
            task.studio(),
            task.shot(),
            task.shotCount(),
            task.variant(),
            task.variantCount(),
            task.seed(),
            task.modelId(),
            task.prompt(),
            framesKey,
            count,
            task.width(),
            task.height(),
            task.fps(),
            millis,
            p.attempt,
            d.resumedFrom,
            props.id(),
            d.device,
            usage);
    commit(task, rendered, p.checkpointKey, fence);
    checkpoints.clear(p.shardPrefix);
    announce(rendered, p.correlationId);
    // GPU-seconds, what a farm bills in: counted once, by the worker that completes the shard, for
    // every attempt's billed steps.
    registry
        .counter(
            "previs.gpu.seconds",
            "studio",
            task.studio(),
            "model",
            task.modelId(),
            "pool",
            props.pool())
        .increment(usage.deviceSeconds());
    registry
        .timer("previs.stage.duration", "stage", "render")
        .record(millis, TimeUnit.MILLISECONDS);
    log.info(
        "Rendered {} frames in {} ms (attempt {}{})",
        count,
        millis,
        p.attempt,
        d.resumedFrom == null ? "" : ", resumed from step " + d.resumedFrom);
    return rendered;
  }

  /** Tells its action once. */
  private static final class Once {
    private final java.util.function.DoubleConsumer action;
    private boolean done;

    Once(java.util.function.DoubleConsumer action) {
      this.action = action;
    }

    void accept(double billedSeconds) {
      if (!done) {
        done = true;
        action.accept(billedSeconds);
      }
    }
  }

  /**
   * A superseded attempt removes its own checkpoint once another attempt has committed the shard: a
   * write this process had in flight when it was paused may have landed after the winner cleared
   * the shard's checkpoints. (Before a commit the checkpoint is kept: it is a valid resume point
   * for whoever holds the shard now.)
   */
  private void standDown(ShardTask task, String checkpointKey) {
    if (store.exists(ObjectKeys.renderedMarker(task.studio(), task.jobId(), task.shardId()))
        && store.exists(checkpointKey)) {
      store.delete(checkpointKey);
    }
  }

  /**
   * The shard's commit: its marker created only if absent, so of two attempts that both rendered it
   * (a zombie woken after its successor finished, say) exactly one wins, and the loser removes what
   * it wrote under its own names and publishes nothing.
   */
  private void commit(
      ShardTask task, ShardRendered rendered, String checkpointKey, AttemptFence fence) {
    String marker = ObjectKeys.renderedMarker(task.studio(), task.jobId(), task.shardId());
    boolean won =
        !fence.lost()
            && store.putIfAbsent(marker, EventPublisher.toJson(rendered), "application/json");
    if (!won) {
      store.delete(rendered.framesKey());
      if (store.exists(checkpointKey)) {
        store.delete(checkpointKey);
      }
      boolean another = store.exists(marker);
      log.warn(
          "Shard {} not committed by attempt {}: {}",
          task.shardId(),
          rendered.attempt(),
          another ? "another attempt committed it first" : "its lease lapsed");
      throw new ShardSupersededException(
          task.shardId(),
          another,
          another ? "another attempt committed it first" : "lease lapsed before the commit");
    }
  }

  /**
   * Publishes the rendered event and the shard's stage completion (also for an already-rendered
   * shard).
   */
  public void announce(ShardRendered rendered, String correlationId) {
    publisher.publishAndWait(
        Topics.SHARDS_RENDERED, rendered.jobId(), rendered, null, rendered.jobId(), correlationId);
    publisher.publishJobEvent(
        JobEvent.of(
                JobEventType.STAGE_COMPLETED, rendered.jobId(), rendered.studio(), Instant.now())
            .withStage(Stage.RENDER)
            .withShard(new ShardRef(rendered.shardId(), rendered.shot(), rendered.variant()))
            .withUsage(rendered.usage())
            .withReason(
                rendered.frames()
                    + " frames in "
                    + rendered.renderMillis()
                    + " ms on "
                    + rendered.worker()),
        correlationId);
  }

  /**
   * Records on the job's log that the shard stopped at a step boundary, with what it has cost so
   * far: for a cancelled shard that is its final bill.
   */
  public void announceStop(
      ShardTask task, ShardStoppedException stopped, String why, String correlationId) {
    publisher.publishJobEvent(
        JobEvent.of(JobEventType.SHARD_STOPPED, task.jobId(), task.studio(), Instant.now())
            .withStage(Stage.RENDER)
            .withShard(ref(task))
            .withUsage(stopped.usage())
            .withReason(why + " at step " + stopped.checkpointStep() + " on " + props.id()),
        correlationId);
  }

  private void maybeCheckpoint(
      StepProgress p,
      SamplerState s,
      String key,
      String conditioning,
      ProgressReporter reporter,
      Meter meter,
      AttemptFence fence) {
    if (s.isDone()) {
      return;
    }
    boolean bySteps =
        props.checkpointEverySteps() > 0 && (p.step() + 1) % props.checkpointEverySteps() == 0;
    boolean byTime =
        System.nanoTime() - reporter.lastCheckpoint > props.checkpointInterval().toNanos();
    if ((bySteps || byTime) && !fence.lost()) {
      Timer.Sample sample = Timer.start(registry);
      checkpoints.store(key, s, conditioning, meter.billedAt(s.nextStep()));
      sample.stop(registry.timer("previs.checkpoint.write.duration"));
      reporter.lastCheckpoint = System.nanoTime();
    }
  }

  /**
   * This attempt's model time on top of what earlier attempts billed up to the checkpoint it
   * resumed from.
   */
  private static final class Meter {
    private final TextToVideo t2v;
    private final ShardCheckpoints.Billed before;
    private final TextToVideo.ModelRuns base;
    private final int fromStep;

    Meter(TextToVideo t2v, ShardCheckpoints.Billed before, int fromStep) {
      this.t2v = t2v;
      this.before = before;
      this.base = t2v.modelRuns();
      this.fromStep = fromStep;
    }

    ShardCheckpoints.Billed billedAt(int step) {
      TextToVideo.ModelRuns mine = t2v.modelRuns().minus(base);
      return before.plus(mine.nanos(), mine.runs(), step - fromStep);
    }
  }

  private static ShardRef ref(ShardTask t) {
    return new ShardRef(t.shardId(), t.shot(), t.variant());
  }

  /** Turns sampler steps into throttled progress events and step-time metrics. */
  private final class ProgressReporter {
    private final ShardTask task;
    private final Integer resumedFrom;
    private final String correlationId;
    private long lastSent;
    long lastCheckpoint = System.nanoTime();

    ProgressReporter(ShardTask task, Integer resumedFrom, String correlationId) {
      this.task = task;
      this.resumedFrom = resumedFrom;
      this.correlationId = correlationId;
    }

    /** The shot's windows (null for one), learned from the first window reported. */
    private Integer windows;

    /** Within a step of a long shot: each window denoised is progress too, throttled alike. */
    void onWindow(WindowProgress w) {
      windows = w.windows();
      boolean lastOfStep = w.pass() == w.passes() - 1 && w.window() == w.windows() - 1;
      long now = System.nanoTime();
      if (lastOfStep || now - lastSent < props.progressInterval().toNanos()) {
        return; // the step's own report follows at once
      }
      lastSent = now;
      send(
          new Progress(
              w.step() + 1,
              w.steps(),
              w.expertName(),
              w.sigma(),
              w.fractionDone(),
              TimeUnit.NANOSECONDS.toMillis(w.elapsedNanos()),
              resumedFrom,
              w.window() + 1,
              w.windows()));
    }

    void onStep(StepProgress p) {
      registry
          .timer("previs.sampler.step.duration", "expert", p.expertName())
          .record(p.stepNanos(), TimeUnit.NANOSECONDS);
      long now = System.nanoTime();
      boolean last = p.step() == p.steps() - 1;
      if (!last && p.step() != 0 && now - lastSent < props.progressInterval().toNanos()) {
        return;
      }
      lastSent = now;
      send(
          new Progress(
              p.step() + 1,
              p.steps(),
              p.expertName(),
              p.sigma(),
              p.fractionDone(),
              TimeUnit.NANOSECONDS.toMillis(p.elapsedNanos()),
              resumedFrom,
              windows,
              windows));
    }

    private void send(Progress progress) {
      publisher.publish(
          Topics.JOBS_EVENTS,
          task.jobId(),
          JobEvent.of(JobEventType.PROGRESS, task.jobId(), task.studio(), Instant.now())
              .withStage(Stage.RENDER)
              .withShard(ref(task))
              .withProgress(progress),
          JobEventType.PROGRESS.wire(),
          task.jobId(),
          correlationId);
    }
  }
}
