package io.previs.postprocess.animatic;

import io.micrometer.core.instrument.MeterRegistry;
import io.previs.contracts.animatic.AnimaticEvent;
import io.previs.contracts.animatic.AnimaticRequest;
import io.previs.contracts.storage.ObjectKeys;
import io.previs.contracts.topics.Topics;
import io.previs.media.animatic.Animatic;
import io.previs.media.animatic.AnimaticClip;
import io.previs.media.animatic.AnimaticResult;
import io.previs.media.animatic.AnimaticSpec;
import io.previs.media.frames.Fps;
import io.previs.postprocess.PostprocessProperties;
import io.previs.postprocess.spec.ClipSpecs;
import io.previs.servicekit.kafka.EventPublisher;
import io.previs.servicekit.storage.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
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
 * Assembles a sequence's animatic from its chosen takes, streamed from object storage one at a
 * time. The marker (the {@link AnimaticEvent}) is written after the MP4, and only the marker says
 * it is done: a crash in between makes it again from the same takes, to the same key. A take that
 * cannot be decoded fails the animatic at once (naming the take): retrying cannot fix a file.
 */
@Component
class AnimaticAssembly {

  private static final Logger log = LoggerFactory.getLogger(AnimaticAssembly.class);

  private final ObjectStore store;
  private final EventPublisher publisher;
  private final ClipSpecs specs;
  private final PostprocessProperties props;
  private final MeterRegistry registry;

  AnimaticAssembly(
      ObjectStore store,
      EventPublisher publisher,
      ClipSpecs specs,
      PostprocessProperties props,
      MeterRegistry registry) {
    this.store = store;
    this.publisher = publisher;
    this.specs = specs;
    this.props = props;
    this.registry = registry;
  }

  /** Returns true when this call made the animatic. */
  boolean onRequest(AnimaticRequest r, String correlationId) throws Exception {
    String marker = ObjectKeys.animaticMarker(r.studio(), r.animaticId());
    if (store.exists(marker)) {
      registry.counter("previs.animatics", "outcome", "already_made").increment();
      return false;
    }
    if (r.clips().isEmpty()) {
      fail(r, "the request names no takes", correlationId);
      return false;
    }
    long t0 = System.nanoTime();
    Path dir = props.workDir().resolve("animatic-" + r.animaticId());
    Files.createDirectories(dir);
    try {
      List<AnimaticClip> clips = new ArrayList<>();
      for (AnimaticRequest.Clip c : r.clips()) {
        clips.add(AnimaticClip.stream(c.videoKey(), () -> store.open(c.videoKey()), c.label()));
      }
      AnimaticSpec spec =
          new AnimaticSpec(
              r.width(), r.height(), Fps.of(r.fps()), r.burnIn(), r.sequence(), specs.h264());
      AnimaticResult out;
      try {
        out = Animatic.assemble(clips, spec, dir.resolve("animatic.mp4"));
      } catch (IOException | IllegalArgumentException e) {
        fail(r, e.getMessage(), correlationId);
        return false;
      }
      String videoKey = ObjectKeys.animaticVideo(r.studio(), r.animaticId());
      store.putFile(videoKey, out.mp4(), "video/mp4");
      List<AnimaticEvent.Edit> edits = new ArrayList<>();
      for (int i = 0; i < out.edits().size(); i++) {
        AnimaticResult.Edit e = out.edits().get(i);
        edits.add(
            new AnimaticEvent.Edit(
                r.clips().get(i).shot(), (int) e.firstFrame(), (int) e.frames()));
      }
      AnimaticEvent ready =
          new AnimaticEvent(
              AnimaticEvent.SCHEMA_VERSION,
              AnimaticEvent.READY,
              r.animaticId(),
              r.studio(),
              r.sequence(),
              Instant.now(),
              videoKey,
              (int) out.frames(),
              out.durationSeconds(),
              edits,
              null);
      store.put(marker, EventPublisher.toJson(ready), "application/json");
      publisher.publishAndWait(
          Topics.ANIMATICS_EVENTS, r.animaticId(), ready, "ready", r.animaticId(), correlationId);
      registry.counter("previs.animatics", "outcome", "ready").increment();
      registry
          .timer("previs.stage.duration", "stage", "animatic")
          .record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
      log.info(
          "Animatic {} of sequence {}: {} takes, {} frames, {} s",
          r.animaticId(),
          r.sequence(),
          edits.size(),
          out.frames(),
          String.format("%.2f", out.durationSeconds()));
      return true;
    } finally {
      FileSystemUtils.deleteRecursively(dir);
    }
  }

  /** Records the animatic failed (marker, then event): its requester sees why. */
  void fail(AnimaticRequest r, String reason, String correlationId) {
    AnimaticEvent failed =
        new AnimaticEvent(
            AnimaticEvent.SCHEMA_VERSION,
            AnimaticEvent.FAILED,
            r.animaticId(),
            r.studio(),
            r.sequence(),
            Instant.now(),
            null,
            0,
            0,
            List.of(),
            reason);
    store.put(
        ObjectKeys.animaticMarker(r.studio(), r.animaticId()),
        EventPublisher.toJson(failed),
        "application/json");
    publisher.publishAndWait(
        Topics.ANIMATICS_EVENTS, r.animaticId(), failed, "failed", r.animaticId(), correlationId);
    registry.counter("previs.animatics", "outcome", "failed").increment();
    log.warn("Animatic {} of sequence {} failed: {}", r.animaticId(), r.sequence(), reason);
  }
}
