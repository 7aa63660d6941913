package io.previs.editorial;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The OTIO schemas {@link OtioReader} knows, and the fields each must have, as OpenTimelineIO's
 * JSON serialisation writes them. Fields OTIO added later ({@code enabled}, {@code
 * available_image_bounds}) are optional, so files from older OTIO versions still pass.
 */
final class OtioSchema {

  enum Type {
    STRING,
    NUMBER,
    BOOLEAN,
    OBJECT,
    ARRAY,
    /** An object whose OTIO_SCHEMA is one of {@link Field#schemas}. */
    SCHEMA,
    /** An array of such objects. */
    SCHEMA_ARRAY,
    /** An object whose values are such objects (Clip.2's media_references). */
    SCHEMA_MAP
  }

  record Field(String name, Type type, boolean required, boolean nullable, Set<String> schemas) {}

  static final String RATIONAL_TIME = "RationalTime.1";
  static final String TIME_RANGE = "TimeRange.1";
  static final Set<String> RT = Set.of(RATIONAL_TIME);
  static final Set<String> TR = Set.of(TIME_RANGE);
  static final Set<String> MEDIA = Set.of("ExternalReference.1", "MissingReference.1");
  static final Set<String> MARKERS = Set.of("Marker.1", "Marker.2");
  static final Set<String> COMPOSABLES =
      Set.of("Stack.1", "Track.1", "Clip.1", "Clip.2", "Gap.1", "Transition.1");
  static final Set<String> TRACK_KINDS = Set.of("Video", "Audio");

  static final Map<String, List<Field>> FIELDS =
      Map.ofEntries(
          Map.entry(
              "Timeline.1",
              List.of(
                  str("name"),
                  obj("metadata"),
                  new Field("global_start_time", Type.SCHEMA, true, true, RT),
                  new Field("tracks", Type.SCHEMA, true, false, Set.of("Stack.1")))),
          Map.entry("Stack.1", item(children())),
          Map.entry("Track.1", item(children(), str("kind"))),
          Map.entry("Clip.1", item(new Field("media_reference", Type.SCHEMA, true, true, MEDIA))),
          Map.entry(
              "Clip.2",
              item(
                  new Field("media_references", Type.SCHEMA_MAP, true, false, MEDIA),
                  str("active_media_reference_key"))),
          Map.entry("Gap.1", item()),
          Map.entry(
              "Transition.1",
              List.of(
                  str("name"),
                  obj("metadata"),
                  str("transition_type"),
                  new Field("in_offset", Type.SCHEMA, true, false, RT),
                  new Field("out_offset", Type.SCHEMA, true, false, RT))),
          Map.entry("ExternalReference.1", media(str("target_url"))),
          Map.entry("MissingReference.1", media()),
          Map.entry("Marker.1", marker()),
          Map.entry("Marker.2", marker(str("comment"))),
          Map.entry(
              RATIONAL_TIME,
              List.of(
                  new Field("rate", Type.NUMBER, true, false, Set.of()),
                  new Field("value", Type.NUMBER, true, false, Set.of()))),
          Map.entry(
              TIME_RANGE,
              List.of(
                  new Field("start_time", Type.SCHEMA, true, false, RT),
                  new Field("duration", Type.SCHEMA, true, false, RT))));

  private OtioSchema() {}

  private static List<Field> item(Field... own) {
    List<Field> fields = new ArrayList<>();
    fields.add(str("name"));
    fields.add(obj("metadata"));
    fields.add(new Field("source_range", Type.SCHEMA, true, true, TR));
    fields.add(new Field("effects", Type.ARRAY, true, false, Set.of()));
    fields.add(new Field("markers", Type.SCHEMA_ARRAY, true, false, MARKERS));
    fields.add(new Field("enabled", Type.BOOLEAN, false, false, Set.of()));
    fields.addAll(List.of(own));
    return List.copyOf(fields);
  }

  private static List<Field> media(Field... own) {
    List<Field> fields = new ArrayList<>();
    fields.add(str("name"));
    fields.add(obj("metadata"));
    fields.add(new Field("available_range", Type.SCHEMA, true, true, TR));
    fields.add(new Field("available_image_bounds", Type.OBJECT, false, true, Set.of()));
    fields.addAll(List.of(own));
    return List.copyOf(fields);
  }

  private static List<Field> marker(Field... own) {
    List<Field> fields = new ArrayList<>();
    fields.add(str("name"));
    fields.add(obj("metadata"));
    fields.add(str("color"));
    fields.add(new Field("marked_range", Type.SCHEMA, true, false, TR));
    fields.addAll(List.of(own));
    return List.copyOf(fields);
  }

  private static Field children() {
    return new Field("children", Type.SCHEMA_ARRAY, true, false, COMPOSABLES);
  }

  private static Field str(String name) {
    return new Field(name, Type.STRING, true, false, Set.of());
  }

  private static Field obj(String name) {
    return new Field(name, Type.OBJECT, true, false, Set.of());
  }
}
