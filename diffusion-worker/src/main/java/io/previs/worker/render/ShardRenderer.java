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
import io.previs.diffusion.sampling.StepProgress;
import io.previs.diffusion.text.TextEmbedding;
import io.previs.media.frames.Ffv1Writer;
import io.previs.media.frames.Fps;
import io.previs.servicekit.kafka.EventPublisher;
import io.previs.servicekit.storage.ObjectStore;
import io.previs.worker.WorkerProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Renders one shard: embeddings from object storage, the sampler (resuming from the shard's last
 * checkpoint if a previous worker got that far), periodic checkpoints, VAE decoding streamed into a
 * lossless FFV1 file, upload, then the rendered marker and event. Progress is published per step,
 * throttled.
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

  public ShardRenderer(
      Pipelines pipelines,
      ObjectStore store,
      EventPublisher publisher,
      WorkerProperties props,
      MeterRegistry registry,
      StepWatch stepWatch) {
    this.stepWatch = stepWatch;
    this.pipelines = pipelines;
    this.store = store;
    this.publisher = publisher;
    this.props = props;
    this.registry = registry;
    this.checkpoints = new ShardCheckpoints(store);
  }

  /**
   * Renders the shard, resuming from its checkpoint if there is one.
   *
   * @param stop asked between denoising steps; when it says stop, the checkpoint of the step
   *     reached is stored and {@link ShardStoppedException} thrown, so the shard can go back to the
   *     pool losing nothing
   */
  public ShardRendered render(
      ShardTask task, int attempt, String correlationId, Sampler.StopRequest stop)
      throws Exception {
    return render(task, attempt, correlationId, stop, AttemptFence.NONE);
  }

  /**
   * As {@link #render(ShardTask, int, String, Sampler.StopRequest)}, fenced: once {@code fence}
   * says the attempt may have been superseded, it stops acting and throws {@link
   * ShardSupersededException}; it also throws that when another attempt committed the shard first.
   */
  public ShardRendered render(
      ShardTask task,
      int attempt,
      String correlationId,
      Sampler.StopRequest stop,
      AttemptFence fence)
      throws Exception {
    try (Pipelines.Lease lease = pipelines.lease(task.modelId())) {
      return render(lease.pipeline(), task, attempt, correlationId, stop, fence);
    }
  }

  private ShardRendered render(
      TextToVideo t2v,
      ShardTask task,
      int attempt,
      String correlationId,
      Sampler.StopRequest stop,
      AttemptFence fence)
      throws Exception {
    long t0 = System.nanoTime();
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
    SamplePlan plan = t2v.plan(settings);
    TextEmbedding positive = TextEmbedding.fromBytes(store.get(task.promptEmbeddingKey()));
    TextEmbedding negative = TextEmbedding.fromBytes(store.get(task.negativeEmbeddingKey()));
    List<TextToVideo.Beat> beats = new ArrayList<>();
    StringBuilder conditioning =
        new StringBuilder(positive.fingerprint()).append(negative.fingerprint());
    for (ShardTask.Beat b : task.beats()) {
      TextEmbedding e = TextEmbedding.fromBytes(store.get(b.embeddingKey()));
      beats.add(new TextToVideo.Beat(b.startFrame(), e));
      // a checkpoint resumes only under the very same beats
      conditioning.append('@').append(b.startFrame()).append(e.fingerprint());
    }
    // This attempt's own names: nothing it writes can replace another attempt's objects.
    String attemptName = ObjectKeys.attempt(attempt, props.id());
    String shardPrefix = ObjectKeys.shard(task.studio(), task.jobId(), task.shardId());
    String checkpointKey =
        ObjectKeys.checkpoint(task.studio(), task.jobId(), task.shardId(), attemptName);

    ShardCheckpoints.Resumed resumed =
        checkpoints.resume(plan, shardPrefix, conditioning.toString());
    SamplerState state = resumed == null ? t2v.start(plan) : resumed.state();
    Integer resumedFrom = resumed == null ? null : state.nextStep();
    // Billing: what earlier attempts cost up to the checkpoint, plus this attempt's model time.
    Meter meter =
        new Meter(
            t2v,
            resumed == null ? ShardCheckpoints.Billed.NOTHING : resumed.billed(),
            state.nextStep());
    publisher.publishJobEvent(
        JobEvent.of(JobEventType.STAGE_STARTED, task.jobId(), task.studio(), Instant.now())
            .withStage(Stage.RENDER)
            .withShard(ref(task))
            .withReason(
                "attempt "
                    + attempt
                    + " on "
                    + props.id()
                    + " ("
                    + t2v.runtime().config().device()
                    + ")"
                    + (resumedFrom == null ? "" : ", resuming from step " + resumedFrom)),
        correlationId);

    ProgressReporter reporter = new ProgressReporter(task, resumedFrom, correlationId);
    try (StepWatchdog.Watch watch = stepWatch.watch(task, correlationId)) {
      t2v.denoise(
          state,
          positive,
          beats,
          negative,
          (p, s) -> {
            watch.stepDone(p.step(), p.stepNanos());
            if (fence.lost()) {
              return; // superseded: say nothing more, store nothing (the stop below ends it)
            }
            reporter.onStep(p);
            maybeCheckpoint(p, s, checkpointKey, conditioning.toString(), reporter, meter, fence);
          },
          () -> fence.lost() || stop.requested());
    } catch (SamplingStoppedException e) {
      if (fence.lost()) {
        standDown(task, checkpointKey);
        throw new ShardSupersededException(
            task.shardId(), false, "lease lapsed; stopped at step " + e.nextStep());
      }
      // Shutting down: the sampler stopped between steps, so the state is whole; leave its
      // checkpoint for whoever gets the shard next.
      ShardCheckpoints.Billed billed = meter.billedAt(state.nextStep());
      checkpoints.store(checkpointKey, state, conditioning.toString(), billed);
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
    }

    Path dir = Files.createDirectories(props.workDir());
    Path frames = dir.resolve(task.shardId() + ".mkv");
    int count;
    try (Ffv1Writer writer =
        new Ffv1Writer(frames, task.width(), task.height(), Fps.of(task.fps()))) {
      count =
          t2v.decode(state, (index, width, height, rgb) -> writer.acceptRgb(width, height, rgb));
    }
    String framesKey = ObjectKeys.frames(task.studio(), task.jobId(), task.shardId(), attemptName);
    if (fence.lost()) {
      Files.deleteIfExists(frames);
      standDown(task, checkpointKey);
      throw new ShardSupersededException(task.shardId(), false, "lease lapsed while decoding");
    }
    store.putFile(framesKey, frames, "video/x-matroska");
    Files.deleteIfExists(frames);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    ShardCheckpoints.Billed billed = meter.billedAt(state.nextStep());
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
            attempt,
            resumedFrom,
            props.id(),
            t2v.runtime().activeProvider(),
            usage);
    commit(task, rendered, checkpointKey, fence);
    checkpoints.clear(shardPrefix);
    announce(rendered, correlationId);
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
        attempt,
        resumedFrom == null ? "" : ", resumed from step " + resumedFrom);
    return rendered;
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
      Progress progress =
          new Progress(
              p.step() + 1,
              p.steps(),
              p.expertName(),
              p.sigma(),
              p.fractionDone(),
              TimeUnit.NANOSECONDS.toMillis(p.elapsedNanos()),
              resumedFrom);
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
