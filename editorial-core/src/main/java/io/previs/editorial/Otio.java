package io.previs.editorial;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a {@link Cut} as an OpenTimelineIO JSON file ({@code .otio}) that DaVinci Resolve,
 * Premiere (through its OTIO import) and Avid (through OTIO's adapters) open.
 *
 * <p>The timeline is {@code Timeline.1} holding a {@code Stack.1} with one video {@code Track.1} of
 * {@code Clip.2}s, butt-cut in cut order: cuts only, no {@code Transition.1} (a dissolve would be
 * an editorial choice the director has not made) and no gaps. Each clip keeps its own rate: {@code
 * source_range} and markers count the take's frames, and OTIO places a 24 fps take in a 16 fps
 * timeline at its real-time length. The timeline starts at one hour ({@code global_start_time}),
 * the usual record start, matching {@link Cmx3600}. Times are written as JSON doubles ({@code
 * 16.0}), as OTIO writes them; {@link OtioReader} reads the result back.
 */
public final class Otio {

  /** The key of the one media reference each clip has. */
  public static final String MEDIA_KEY = "DEFAULT_MEDIA";

  /** The metadata namespace for what the farm knows about a cut or a take. */
  public static final String NAMESPACE = "previs";

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Otio() {}

  /** The cut as pretty-printed OTIO JSON, ending in a newline. */
  public static String write(Cut cut) {
    ObjectNode timeline = schema("Timeline.1", cut.name());
    timeline.set("global_start_time", rationalTime(cut.fps() * 3600L, cut.fps()));
    ObjectNode stack = item("Stack.1", "tracks");
    ObjectNode track = item("Track.1", "V1");
    track.put("kind", "Video");
    ArrayNode clips = track.putArray("children");
    cut.clips().forEach(c -> clips.add(clip(c)));
    stack.putArray("children").add(track);
    timeline.set("tracks", stack);
    timeline
        .putObject("metadata")
        .putObject(NAMESPACE)
        .put("name", cut.name())
        .put("fps", cut.fps());
    return JSON.writeValueAsString(timeline) + "\n";
  }

  private static ObjectNode clip(CutClip c) {
    ObjectNode clip = item("Clip.2", c.take());
    clip.set("source_range", timeRange(c.sourceStart(), c.frames(), c.fps()));
    ObjectNode media = schema("ExternalReference.1", c.take());
    media.put("target_url", c.fileName());
    media.set("available_range", timeRange(0, c.availableFrames(), c.fps()));
    media.putNull("available_image_bounds");
    media.putObject("metadata");
    clip.putObject("media_references").set(MEDIA_KEY, media);
    clip.put("active_media_reference_key", MEDIA_KEY);
    ArrayNode markers = clip.putArray("markers");
    for (CutMarker m : c.markers()) {
      ObjectNode marker = schema("Marker.2", m.name());
      marker.put("color", m.color());
      marker.put("comment", m.comment());
      marker.set("marked_range", timeRange(m.frame(), m.duration(), c.fps()));
      marker.putObject("metadata");
      markers.add(marker);
    }
    ObjectNode previs = clip.putObject("metadata").putObject(NAMESPACE);
    previs.put(CutClip.SHOT_KEY, c.shot());
    c.metadata().forEach(previs::put);
    return clip;
  }

  /**
   * An Item: the fields Stack, Track and Clip share, in the order OTIO writes them; callers replace
   * a value in place (an ObjectNode keeps a key's position).
   */
  private static ObjectNode item(String schema, String name) {
    ObjectNode item = schema(schema, name);
    item.putNull("source_range");
    item.putArray("effects");
    item.putArray("markers");
    item.put("enabled", true);
    item.putObject("metadata");
    return item;
  }

  private static ObjectNode schema(String schema, String name) {
    ObjectNode node = NODES.objectNode();
    node.put("OTIO_SCHEMA", schema);
    node.put("name", name);
    return node;
  }

  private static ObjectNode timeRange(long start, long duration, int rate) {
    ObjectNode range = NODES.objectNode();
    range.put("OTIO_SCHEMA", "TimeRange.1");
    range.set("start_time", rationalTime(start, rate));
    range.set("duration", rationalTime(duration, rate));
    return range;
  }

  private static ObjectNode rationalTime(long value, int rate) {
    ObjectNode time = NODES.objectNode();
    time.put("OTIO_SCHEMA", "RationalTime.1");
    time.put("rate", (double) rate);
    time.put("value", (double) value);
    return time;
  }
}
