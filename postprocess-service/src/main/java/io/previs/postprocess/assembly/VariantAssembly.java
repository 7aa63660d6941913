package io.previs.postprocess.assembly;

import io.micrometer.core.instrument.MeterRegistry;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEvent.VariantOutput;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.JobIds;
import io.previs.contracts.job.Stage;
import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.shard.ShardRendered;
import io.previs.contracts.storage.ObjectKeys;
import io.previs.contracts.topics.Topics;
import io.previs.contracts.video.VideoReady;
import io.previs.media.frames.ShardInput;
import io.previs.media.pipeline.ClipPipeline;
import io.previs.media.pipeline.PostprocessResult;
import io.previs.postprocess.PostprocessProperties;
import io.previs.postprocess.spec.ClipSpecs;
import io.previs.servicekit.kafka.EventPublisher;
import io.previs.servicekit.storage.ObjectStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/**
 * Assembles a (job, variant) exactly once, however often and in whatever order its shards' rendered
 * events arrive. Object storage is the source of truth: a variant is assembled when every shot's
 * rendered marker exists and its ready marker does not. Rendered events are keyed by job, so one
 * consumer sees all of a job's events in order and two assemblies of one variant never race; a
 * crash between upload and marker only repeats the (idempotent) upload. Shards stream straight from
 * object storage through the media pipeline (grade, super-resolution, H.264, ProRes, poster), so
 * memory stays flat in clip length.
 */
@Component
class VariantAssembly {

  private static final Logger log = LoggerFactory.getLogger(VariantAssembly.class);

  private final ObjectStore store;
  private final EventPublisher publisher;
  private final ClipPipeline pipeline;
  private final ClipSpecs specs;
  private final ContactSheets sheets;
  private final PostprocessProperties props;
  private final MeterRegistry registry;

  public VariantAssembly(
      ObjectStore store,
      EventPublisher publisher,
      ClipPipeline pipeline,
      ClipSpecs specs,
      ContactSheets sheets,
      PostprocessProperties props,
      MeterRegistry registry) {
    this.store = store;
    this.publisher = publisher;
    this.pipeline = pipeline;
    this.specs = specs;
    this.sheets = sheets;
    this.props = props;
    this.registry = registry;
  }

  /** Returns true when this call assembled the variant. */
  public boolean onRendered(ShardRendered r, String correlationId) throws Exception {
    if (store.exists(ObjectKeys.cancelled(r.studio(), r.jobId()))) {
      // A shard that finished as its job was cancelled: nothing further is made of it.
      registry.counter("previs.postprocess.skipped", "reason", "cancelled").increment();
      log.info("Job cancelled; variant {} is not assembled", r.variant());
      return false;
    }
    if (store.exists(ObjectKeys.readyMarker(r.studio(), r.jobId(), r.variant()))) {
      registry.counter("previs.postprocess.skipped", "reason", "already_assembled").increment();
      return false;
    }
    List<ShardRendered> shots = new ArrayList<>();
    for (int shot = 0; shot < r.shotCount(); shot++) {
      String marker =
          ObjectKeys.renderedMarker(
              r.studio(), r.jobId(), JobIds.shardId(r.jobId(), shot, r.variant()));
      if (!store.exists(marker)) {
        return false; // wait for the variant's other shots
      }
      shots.add(PrevisJson.mapper().readValue(store.get(marker), ShardRendered.class));
    }
    assemble(r, shots, correlationId);
    sheets.maybeMake(r, correlationId);
    return true;
  }

  private void assemble(ShardRendered r, List<ShardRendered> shots, String correlationId)
      throws Exception {
    long t0 = System.nanoTime();
    publisher.publishJobEvent(
        JobEvent.of(JobEventType.STAGE_STARTED, r.jobId(), r.studio(), Instant.now())
            .withStage(Stage.POSTPROCESS)
            .withReason("variant " + r.variant() + ": " + shots.size() + " shot(s)"),
        correlationId);
    Path dir = props.workDir().resolve(r.jobId() + "-v" + r.variant());
    try {
      List<ShardInput> inputs =
          shots.stream()
              .map(s -> ShardInput.stream(s.framesKey(), () -> store.open(s.framesKey())))
              .toList();
      PostprocessResult out = pipeline.run(inputs, specs.forVariant(r, shots.size()), dir);
      String videoKey = ObjectKeys.video(r.studio(), r.jobId(), r.variant());
      String posterKey = ObjectKeys.poster(r.studio(), r.jobId(), r.variant());
      store.putFile(videoKey, out.mp4(), "video/mp4");
      store.putFile(posterKey, out.poster(), "image/jpeg");
      String proresKey = null;
      if (out.prores().isPresent()) {
        proresKey = ObjectKeys.prores(r.studio(), r.jobId(), r.variant());
        store.putFile(proresKey, out.prores().get(), "video/quicktime");
      }
      VideoReady ready =
          new VideoReady(
              VideoReady.SCHEMA_VERSION,
              r.jobId(),
              r.studio(),
              r.variant(),
              r.variantCount(),
              r.seed(),
              r.modelId(),
              r.prompt(),
              videoKey,
              posterKey,
              store.presignGet(videoKey),
              store.presignGet(posterKey),
              Instant.now().plus(store.presignExpiry()),
              (int) out.frames(),
              out.width(),
              out.height(),
              r.fps(),
              out.durationSeconds(),
              proresKey,
              proresKey == null ? null : store.presignGet(proresKey));
      store.put(
          ObjectKeys.readyMarker(r.studio(), r.jobId(), r.variant()),
          EventPublisher.toJson(ready),
          "application/json");
      publisher.publishAndWait(
          Topics.VIDEOS_READY, r.jobId(), ready, null, r.jobId(), correlationId);
      publisher.publishJobEvent(
          JobEvent.of(JobEventType.STAGE_COMPLETED, r.jobId(), r.studio(), Instant.now())
              .withStage(Stage.POSTPROCESS)
              .withOutputs(
                  List.of(
                      new VariantOutput(r.variant(), r.seed(), videoKey, posterKey, null, null)))
              .withReason(
                  "variant "
                      + r.variant()
                      + ": "
                      + out.frames()
                      + " frames "
                      + out.width()
                      + "x"
                      + out.height()
                      + ", "
                      + String.format("%.2f", out.durationSeconds())
                      + " s"),
          correlationId);
      registry
          .timer("previs.stage.duration", "stage", "postprocess")
          .record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
      log.info(
          "Assembled variant {}: {} frames, stages {}",
          r.variant(),
          out.frames(),
          out.stageMillis());
    } finally {
      FileSystemUtils.deleteRecursively(dir);
    }
  }
}
