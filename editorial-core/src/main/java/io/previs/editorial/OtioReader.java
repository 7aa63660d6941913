package io.previs.editorial;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an OpenTimelineIO JSON file back and checks it against OTIO's schema rules: known {@code
 * Name.version} schemas, required fields of the right JSON types, positive rates, finite times,
 * non-negative durations, Video or Audio tracks, an active media key that names a reference, a
 * source range inside the reference's available range, OTIO marker colours. Unknown keys are
 * allowed, as OTIO keeps them.
 *
 * <p>Runs before a timeline is served and in tests, so it reports every problem it finds (each with
 * its JSON path) rather than stopping at the first.
 */
public final class OtioReader {

  // NaN and Infinity are accepted so that the finite-time rule can name the field holding one
  // (Python's json module, which OTIO uses, writes them); a duplicated key is an error, since
  // readers disagree about which copy wins.
  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private OtioReader() {}

  /**
   * What a file says and what is wrong with it.
   *
   * @param problems each a JSON path and the rule it breaks; empty for a valid file
   * @param clips the clips of every track, in order, read as far as the structure allows (trust
   *     them only when {@code problems} is empty)
   */
  public record Result(List<String> problems, List<ReadClip> clips) {
    public Result {
      problems = List.copyOf(problems);
      clips = List.copyOf(clips);
    }

    /** Whether the file breaks no rule. */
    public boolean valid() {
      return problems.isEmpty();
    }
  }

  /**
   * A clip as read.
   *
   * @param name the clip's name
   * @param targetUrl the active media reference's target_url; "" for a MissingReference
   * @param start the first frame used, at {@code rate}
   * @param duration the frames used, at {@code rate}
   * @param rate the clip's rate (its source_range duration's)
   * @param recordStart where the clip starts on its track, in timeline frames from the track's
   *     start (global_start_time not added): the durations before it, each converted to the
   *     timeline's rate and rounded on its own, as {@link Cmx3600} does
   * @param markers the clip's markers
   */
  public record ReadClip(
      String name,
      String targetUrl,
      double start,
      double duration,
      double rate,
      long recordStart,
      List<ReadMarker> markers) {
    public ReadClip {
      markers = List.copyOf(markers);
    }
  }

  /**
   * A marker as read; times at its clip's rate.
   *
   * @param name the marker's name
   * @param color its colour
   * @param start where it starts, at the marked range's rate
   * @param duration how long it is
   * @param comment its comment; "" for a Marker.1, which has none
   */
  public record ReadMarker(
      String name, String color, double start, double duration, String comment) {}

  /** Parses and checks {@code json}; never throws for bad input, reporting it instead. */
  public static Result read(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JacksonException e) {
      return new Result(List.of("(root) is not valid JSON: " + e.getOriginalMessage()), List.of());
    }
    if (root == null || root.isMissingNode()) {
      return new Result(List.of("(root) is empty"), List.of());
    }
    List<String> problems = new ArrayList<>(OtioChecker.check(root));
    List<ReadClip> clips = OtioClips.read(root, problems);
    return new Result(problems, clips);
  }
}
