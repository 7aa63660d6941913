package io.previs.gateway.sequences;

import io.previs.contracts.animatic.AnimaticEvent;
import io.previs.contracts.animatic.AnimaticRequest;
import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.storage.ObjectKeys;
import io.previs.contracts.topics.Topics;
import io.previs.gateway.jobs.Downloads;
import io.previs.servicekit.kafka.EventPublisher;
import io.previs.servicekit.storage.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Asks post-processing for a sequence's animatic and reads back what became of it. The request is
 * stored under the animatic's folder before it is published, so an id the gateway answered with is
 * always one it can report on; post-processing writes the marker (ready or failed) last.
 */
@Component
class AnimaticRequests {

  /**
   * @param status {@code requested} (post-processing has not finished it), {@code ready} or {@code
   *     failed}
   * @param edits on ready: where each take starts in the animatic
   * @param links on ready: the MP4 (short-lived)
   */
  record AnimaticStatus(
      String animaticId,
      String sequence,
      String status,
      int width,
      int height,
      int fps,
      boolean burnIn,
      List<AnimaticRequest.Clip> clips,
      Integer frames,
      Double seconds,
      List<AnimaticEvent.Edit> edits,
      String reason,
      Map<String, String> links) {}

  private final ObjectStore store;
  private final EventPublisher publisher;
  private final Downloads downloads;
  private final Clock clock = Clock.systemUTC();

  AnimaticRequests(ObjectStore store, EventPublisher publisher, Downloads downloads) {
    this.store = store;
    this.publisher = publisher;
    this.downloads = downloads;
  }

  /** The same cut with the same options: the same id. */
  static String id(
      String studio,
      String sequence,
      int width,
      int height,
      int fps,
      boolean burnIn,
      List<AnimaticRequest.Clip> clips) {
    StringBuilder b = new StringBuilder();
    b.append(studio).append('\n').append(sequence).append('\n');
    b.append(width).append('x').append(height).append('@').append(fps).append(burnIn);
    for (AnimaticRequest.Clip c : clips) {
      b.append('\n')
          .append(c.jobId())
          .append('/')
          .append(c.variant())
          .append('/')
          .append(c.label());
    }
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(b.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, 20);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Asks for the animatic unless it is made already (or being made): asked again after it failed,
   * it is asked for again.
   */
  AnimaticStatus request(
      String studio,
      String sequence,
      String by,
      int width,
      int height,
      int fps,
      boolean burnIn,
      List<AnimaticRequest.Clip> clips,
      String correlationId) {
    String id = id(studio, sequence, width, height, fps, burnIn, clips);
    AnimaticStatus now = status(studio, id);
    if (now != null && !now.status().equals("failed")) {
      return now;
    }
    if (now != null) {
      store.delete(ObjectKeys.animaticMarker(studio, id)); // the failure is history: try again
    }
    AnimaticRequest r =
        new AnimaticRequest(
            AnimaticRequest.SCHEMA_VERSION,
            id,
            studio,
            sequence,
            clock.instant(),
            by,
            width,
            height,
            fps,
            burnIn,
            clips);
    store.put(request(studio, id), EventPublisher.toJson(r), "application/json");
    publisher.publishAndWait(Topics.ANIMATICS_REQUESTED, id, r, null, id, correlationId);
    return requested(r); // just written: nothing to read back
  }

  /** What became of an animatic, or null for an id never asked for in the studio. */
  AnimaticStatus status(String studio, String id) {
    if (!id.matches("[0-9a-f]{20}") || !store.exists(request(studio, id))) {
      return null;
    }
    AnimaticRequest r =
        PrevisJson.mapper().readValue(store.get(request(studio, id)), AnimaticRequest.class);
    String marker = ObjectKeys.animaticMarker(studio, id);
    AnimaticEvent e =
        store.exists(marker)
            ? PrevisJson.mapper().readValue(store.get(marker), AnimaticEvent.class)
            : null;
    if (e == null) {
      return requested(r);
    }
    boolean ready = AnimaticEvent.READY.equals(e.type());
    return new AnimaticStatus(
        id,
        r.sequence(),
        ready ? "ready" : "failed",
        r.width(),
        r.height(),
        r.fps(),
        r.burnIn(),
        r.clips(),
        ready ? e.frames() : null,
        ready ? e.seconds() : null,
        ready ? e.edits() : List.of(),
        ready ? null : e.reason(),
        ready ? Map.of("video", downloads.link(e.videoKey())) : Map.of());
  }

  /** Asked for, not made yet. */
  private static AnimaticStatus requested(AnimaticRequest r) {
    return new AnimaticStatus(
        r.animaticId(),
        r.sequence(),
        "requested",
        r.width(),
        r.height(),
        r.fps(),
        r.burnIn(),
        r.clips(),
        null,
        null,
        List.of(),
        null,
        Map.of());
  }

  private static String request(String studio, String id) {
    return ObjectKeys.animatic(studio, id) + "request.json";
  }
}
