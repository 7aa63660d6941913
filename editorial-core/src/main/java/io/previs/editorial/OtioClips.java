package io.previs.editorial;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Reads the clips of a checked OTIO timeline and places them on the timeline's rate. */
final class OtioClips {

  private static final Set<String> CLIPS = Set.of("Clip.1", "Clip.2");

  private OtioClips() {}

  static List<OtioReader.ReadClip> read(JsonNode timeline, List<String> problems) {
    List<OtioReader.ReadClip> clips = new ArrayList<>();
    JsonNode tracks = timeline.path("tracks").path("children");
    // A timeline without a start time has no rate of its own; its first clip's is the best guess.
    double timelineRate = timeline.path("global_start_time").path("rate").doubleValue(0);
    for (int t = 0; tracks.isArray() && t < tracks.size(); t++) {
      JsonNode children = tracks.path(t).path("children");
      long record = 0;
      for (int i = 0; children.isArray() && i < children.size(); i++) {
        JsonNode child = children.path(i);
        String schema = child.path("OTIO_SCHEMA").stringValue("");
        String path = "tracks.children[" + t + "].children[" + i + "]";
        if (schema.equals("Transition.1")) {
          continue; // overlaps its neighbours: it takes no record time of its own
        }
        if (schema.equals("Stack.1")) {
          problems.add(path + " is a nested stack, which this reader does not place");
          continue;
        }
        double[] range = range(child, reference(child));
        if (!CLIPS.contains(schema) && !schema.equals("Gap.1")) {
          continue; // not an item OTIO knows, already reported
        }
        if (range == null) {
          // A malformed range is already reported; a clip with neither range has no length.
          if (!child.path("source_range").isObject()
              && !reference(child).path("available_range").isObject()) {
            problems.add(path + " has neither source_range nor available_range: no duration");
          }
          continue;
        }
        if (!(timelineRate > 0 && Double.isFinite(timelineRate))) {
          timelineRate = range[2];
        }
        if (CLIPS.contains(schema)) {
          clips.add(clip(child, range, record));
        }
        record += Frames.rescale(range[1], range[2], timelineRate);
      }
    }
    return clips;
  }

  private static OtioReader.ReadClip clip(JsonNode clip, double[] range, long record) {
    List<OtioReader.ReadMarker> markers = new ArrayList<>();
    JsonNode all = clip.path("markers");
    for (int i = 0; all.isArray() && i < all.size(); i++) {
      JsonNode m = all.path(i);
      double[] marked = range(m.path("marked_range"));
      markers.add(
          new OtioReader.ReadMarker(
              m.path("name").stringValue(""),
              m.path("color").stringValue(""),
              marked == null ? 0 : marked[0],
              marked == null ? 0 : marked[1],
              m.path("comment").stringValue("")));
    }
    return new OtioReader.ReadClip(
        clip.path("name").stringValue(""),
        reference(clip).path("target_url").stringValue(""),
        range[0],
        range[1],
        range[2],
        record,
        markers);
  }

  private static JsonNode reference(JsonNode clip) {
    if (clip.has("media_references")) {
      String key = clip.path("active_media_reference_key").stringValue("");
      return clip.path("media_references").path(key);
    }
    return clip.path("media_reference");
  }

  /** OTIO's trimmed range: source_range, or else all the media has. */
  private static double[] range(JsonNode item, JsonNode reference) {
    JsonNode source = item.path("source_range");
    return range(source.isObject() ? source : reference.path("available_range"));
  }

  /** [start, duration, rate], the start moved to the duration's rate; null if malformed. */
  private static double[] range(JsonNode range) {
    JsonNode start = range.path("start_time");
    JsonNode duration = range.path("duration");
    double startRate = start.path("rate").doubleValue(0);
    double rate = duration.path("rate").doubleValue(0);
    double value = duration.path("value").doubleValue(Double.NaN);
    double startValue = start.path("value").doubleValue(Double.NaN);
    if (!(startRate > 0)
        || !(rate > 0)
        || !Double.isFinite(value)
        || !Double.isFinite(startValue)) {
      return null;
    }
    return new double[] {startValue * rate / startRate, value, rate};
  }
}
