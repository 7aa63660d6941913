package io.previs.encoder.planning;

import io.micrometer.core.instrument.MeterRegistry;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.JobIds;
import io.previs.contracts.job.JobSpec;
import io.previs.contracts.job.JobSpec.ShotSpec;
import io.previs.contracts.job.Stage;
import io.previs.contracts.scheduling.SchedulerInput;
import io.previs.contracts.shard.ShardTask;
import io.previs.contracts.storage.ObjectKeys;
import io.previs.contracts.topics.Topics;
import io.previs.diffusion.bundle.ModelBundle;
import io.previs.encoder.models.EmbeddingCache;
import io.previs.servicekit.kafka.EventPublisher;
import io.previs.servicekit.storage.ObjectStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns an accepted job into embeddings and one shard task per shot × variant. The plan marker in
 * object storage is written only after every task is acknowledged by Kafka, so a redelivered
 * accepted event either finds the marker and does nothing, or re-queues the same deterministic
 * shard ids, which workers recognise.
 */
@Component
class ShardPlanner {

  private static final Logger log = LoggerFactory.getLogger(ShardPlanner.class);

  private final EmbeddingCache embeddings;
  private final EventPublisher publisher;
  private final ObjectStore store;
  private final MeterRegistry registry;

  public ShardPlanner(
      EmbeddingCache embeddings,
      EventPublisher publisher,
      ObjectStore store,
      MeterRegistry registry) {
    this.embeddings = embeddings;
    this.publisher = publisher;
    this.store = store;
    this.registry = registry;
  }

  public void plan(String jobId, JobSpec spec, String correlationId) {
    String planKey = ObjectKeys.plan(spec.studio(), jobId);
    if (store.exists(planKey)) {
      log.info("Already planned; ignoring the redelivered acceptance");
      return;
    }
    if (store.exists(ObjectKeys.cancelled(spec.studio(), jobId))) {
      log.info("Cancelled before it was planned; no shards");
      return;
    }
    long t0 = System.nanoTime();
    publisher.publishJobEvent(
        JobEvent.of(JobEventType.STAGE_STARTED, jobId, spec.studio(), Instant.now())
            .withStage(Stage.ENCODE),
        correlationId);
    Map<String, EmbeddingCache.Entry> texts = new LinkedHashMap<>();
    for (ShotSpec shot : spec.shots()) {
      texts.computeIfAbsent(shot.prompt(), t -> embeddings.embed(spec.modelId(), t));
      texts.computeIfAbsent(shot.negativePrompt(), t -> embeddings.embed(spec.modelId(), t));
      for (var beat : shot.beats()) {
        texts.computeIfAbsent(beat.prompt(), t -> embeddings.embed(spec.modelId(), t));
      }
    }
    // The spec next to the outputs: a TD reproduces the job from it, and QC builds a regeneration
    // request from it. Written before any shard exists, so every shard has one.
    store.put(
        ObjectKeys.spec(spec.studio(), jobId), EventPublisher.toJson(spec), "application/json");
    ModelBundle bundle = embeddings.bundle(spec.modelId());
    int steps = spec.steps() != null ? spec.steps() : bundle.scheduler().steps();
    int gpuMemoryGb = bundle.resources().gpuMemoryGb(spec.width(), spec.height());
    List<CompletableFuture<?>> sends = new ArrayList<>();
    List<String> shardIds = new ArrayList<>();
    for (ShotSpec shot : spec.shots()) {
      for (int v = 0; v < spec.variants(); v++) {
        String shardId = JobIds.shardId(jobId, shot.index(), v);
        ShardTask task =
            new ShardTask(
                ShardTask.SCHEMA_VERSION,
                shardId,
                jobId,
                spec.studio(),
                shot.index(),
                spec.shots().size(),
                v,
                spec.variants(),
                spec.seedOf(v),
                spec.modelId(),
                spec.width(),
                spec.height(),
                shot.frames(),
                spec.fps(),
                spec.steps(),
                spec.guidance(),
                spec.priority(),
                shot.prompt(),
                texts.get(shot.prompt()).key(),
                texts.get(shot.negativePrompt()).key(),
                Instant.now(),
                // what it costs: steps × frames denoised × megapixels (the scheduler learns GPU-s
                // per unit); a shot past the model's window is denoised window by window
                (double) steps
                    * bundle.denoisedFrames(
                        shot.frames(), bundle.latentOverlap(spec.windowOverlap()))
                    * spec.width()
                    * spec.height()
                    / 1e6,
                gpuMemoryGb,
                0, // the scheduler numbers the attempts as it releases them
                shot.beats().stream()
                    .map(
                        b ->
                            new ShardTask.Beat(
                                b.prompt(), texts.get(b.prompt()).key(), b.startFrame()))
                    .toList(),
                spec.windowOverlap(),
                spec.variation() == null
                    ? null
                    : new ShardTask.Variation(
                        spec.variation().chosenSeed(), spec.variation().strength()));
        sends.add(
            publisher.publish(
                Topics.SCHEDULER_INBOX,
                shardId,
                SchedulerInput.of(task),
                "shard",
                jobId,
                correlationId));
        shardIds.add(shardId);
      }
    }
    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
    store.put(
        planKey,
        EventPublisher.toJson(Map.of("jobId", jobId, "shards", shardIds)),
        "application/json");
    registry.counter("previs.shards.queued").increment(shardIds.size());
    long cached = texts.values().stream().filter(EmbeddingCache.Entry::cached).count();
    boolean truncated = texts.values().stream().anyMatch(EmbeddingCache.Entry::truncated);
    publisher.publishJobEvent(
        JobEvent.of(JobEventType.STAGE_COMPLETED, jobId, spec.studio(), Instant.now())
            .withStage(Stage.ENCODE)
            .withReason(
                texts.size()
                    + " texts ("
                    + cached
                    + " from cache), "
                    + shardIds.size()
                    + " shards queued"
                    + (truncated ? "; a prompt was cut to the model's token limit" : "")),
        correlationId);
    registry
        .timer("previs.stage.duration", "stage", "encode")
        .record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
    log.info(
        "Queued {} shards ({} of {} embeddings cached)", shardIds.size(), cached, texts.size());
  }
}
