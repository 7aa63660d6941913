package io.previs.editorial;

import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * The rules of OTIO that types alone do not say: a time has a positive rate and a finite value, a
 * range does not run backwards, a clip's active media key names one of its references and its
 * source range lies in what that reference has, a marker's colour is one OTIO knows. Each rule
 * looks only at well-formed parts; a malformed one is already reported by {@link OtioChecker}.
 */
final class OtioRules {

  /** Slack for comparing times in seconds, far under a frame at any rate. */
  private static final double EPSILON = 1e-9;

  private OtioRules() {}

  static void apply(String schema, JsonNode node, String path, List<String> problems) {
    switch (schema) {
      case OtioSchema.RATIONAL_TIME -> rationalTime(node, path, problems);
      case OtioSchema.TIME_RANGE -> {
        JsonNode value = node.path("duration").path("value");
        if (value.isNumber() && value.doubleValue() < 0) {
          problems.add(at(path, "duration.value") + " must be >= 0, was " + value.doubleValue());
        }
      }
      case "Track.1" -> {
        JsonNode kind = node.path("kind");
        if (kind.isString() && !OtioSchema.TRACK_KINDS.contains(kind.stringValue())) {
          problems.add(at(path, "kind") + " must be Video or Audio, was " + kind.stringValue());
        }
      }
      case "Clip.2" -> clip2(node, path, problems);
      case "Clip.1" ->
          withinAvailable(node, node.path("media_reference"), path, "media_reference", problems);
      case "Marker.1", "Marker.2" -> {
        JsonNode color = node.path("color");
        if (color.isString() && !CutMarker.COLORS.contains(color.stringValue())) {
          problems.add(
              at(path, "color")
                  + " must be one of "
                  + CutMarker.COLORS
                  + ", was "
                  + color.stringValue());
        }
      }
      default -> {}
    }
  }

  private static void rationalTime(JsonNode node, String path, List<String> problems) {
    JsonNode rate = node.path("rate");
    JsonNode value = node.path("value");
    if (rate.isNumber() && !(rate.doubleValue() > 0 && Double.isFinite(rate.doubleValue()))) {
      problems.add(at(path, "rate") + " must be > 0 and finite, was " + rate.doubleValue());
    }
    if (value.isNumber() && !Double.isFinite(value.doubleValue())) {
      problems.add(at(path, "value") + " must be finite, was " + value.doubleValue());
    }
  }

  private static void clip2(JsonNode clip, String path, List<String> problems) {
    JsonNode key = clip.path("active_media_reference_key");
    JsonNode references = clip.path("media_references");
    if (!key.isString() || !references.isObject()) {
      return;
    }
    if (!references.has(key.stringValue())) {
      problems.add(
          at(path, "active_media_reference_key")
              + " \""
              + key.stringValue()
              + "\" names no entry of media_references "
              + references.propertyNames());
      return;
    }
    withinAvailable(
        clip,
        references.get(key.stringValue()),
        path,
        "media_references." + key.stringValue(),
        problems);
  }

  /** When both ranges are given, the clip must not use media the reference does not have. */
  private static void withinAvailable(
      JsonNode clip, JsonNode reference, String path, String referencePath, List<String> problems) {
    double[] used = seconds(clip.path("source_range"));
    double[] available = seconds(reference.path("available_range"));
    if (used == null || available == null) {
      return;
    }
    if (used[0] < available[0] - EPSILON || used[1] > available[1] + EPSILON) {
      problems.add(
          String.format(
              Locale.ROOT,
              "%s lies outside %s.available_range: uses %.4f..%.4f s, has %.4f..%.4f s",
              at(path, "source_range"),
              at(path, referencePath),
              used[0],
              used[1],
              available[0],
              available[1]));
    }
  }

  /** A well-formed TimeRange as [start, end) in seconds, or null. */
  static double[] seconds(JsonNode range) {
    double start = seconds(range.path("start_time").path("value"), range.path("start_time"));
    double duration = seconds(range.path("duration").path("value"), range.path("duration"));
    if (Double.isNaN(start) || Double.isNaN(duration) || duration < 0) {
      return null;
    }
    return new double[] {start, start + duration};
  }

  private static double seconds(JsonNode value, JsonNode time) {
    JsonNode rate = time.path("rate");
    if (!value.isNumber() || !rate.isNumber() || !(rate.doubleValue() > 0)) {
      return Double.NaN;
    }
    double s = value.doubleValue() / rate.doubleValue();
    return Double.isFinite(s) ? s : Double.NaN;
  }

  private static String at(String path, String key) {
    return OtioChecker.join(path, key);
  }
}
