package io.previs.editorial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Faults planted in a written timeline, each of which the reader must name by its path. */
class OtioReaderTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String CLIPS = "tracks.children[0].children";

  private static String planted(Consumer<ObjectNode> fault) {
    ObjectNode root = (ObjectNode) JSON.readTree(Otio.write(Cuts.threeShots()));
    fault.accept(root);
    return JSON.writeValueAsString(root);
  }

  private static OtioReader.Result read(Consumer<ObjectNode> fault) {
    return OtioReader.read(planted(fault));
  }

  private static ObjectNode track(ObjectNode root) {
    return (ObjectNode) root.path("tracks").path("children").path(0);
  }

  private static ObjectNode clip(ObjectNode root, int i) {
    return (ObjectNode) track(root).path("children").path(i);
  }

  private static ObjectNode at(ObjectNode node, String... keys) {
    ObjectNode at = node;
    for (String key : keys) {
      at = (ObjectNode) at.path(key);
    }
    return at;
  }

  @Test
  void unknownSchemaVersion() {
    var result = read(root -> clip(root, 1).put("OTIO_SCHEMA", "Clip.9"));

    assertThat(result.problems())
        .containsExactly(CLIPS + "[1].OTIO_SCHEMA \"Clip.9\" is not a known schema");
  }

  @Test
  void zeroRate() {
    var result = read(root -> at(clip(root, 1), "source_range", "duration").put("rate", 0.0));

    assertThat(result.problems())
        .singleElement()
        .asString()
        .startsWith(CLIPS + "[1].source_range.duration.rate must be > 0");
  }

  @Test
  void sourceRangeBeyondAvailableRange() {
    var result = read(root -> at(clip(root, 0), "source_range", "duration").put("value", 60.0));

    assertThat(result.problems())
        .singleElement()
        .asString()
        .startsWith(
            CLIPS
                + "[0].source_range lies outside "
                + CLIPS
                + "[0].media_references.DEFAULT_MEDIA.available_range");
  }

  @Test
  void activeMediaKeyNamingNoReference() {
    var result = read(root -> clip(root, 2).put("active_media_reference_key", "HIGH_RES"));

    assertThat(result.problems())
        .singleElement()
        .asString()
        .startsWith(
            CLIPS
                + "[2].active_media_reference_key \"HIGH_RES\" names no entry of media_references");
  }

  @Test
  void missingActiveMediaKey() {
    var result = read(root -> clip(root, 2).remove("active_media_reference_key"));

    assertThat(result.problems())
        .containsExactly(CLIPS + "[2].active_media_reference_key is missing");
  }

  @Test
  void badMarkerColour() {
    var result =
        read(root -> ((ObjectNode) clip(root, 1).path("markers").path(0)).put("color", "TEAL"));

    assertThat(result.problems())
        .singleElement()
        .asString()
        .startsWith(CLIPS + "[1].markers[0].color must be one of [PINK, RED,")
        .endsWith("was TEAL");
  }

  @Test
  void missingRequiredFields() {
    var result =
        read(
            root -> {
              track(root).remove("name");
              at(clip(root, 0), "media_references", "DEFAULT_MEDIA").remove("target_url");
            });

    assertThat(result.problems())
        .containsExactly(
            "tracks.children[0].name is missing",
            CLIPS + "[0].media_references.DEFAULT_MEDIA.target_url is missing");
  }

  @Test
  void missingOtioSchemaOnASchemaObject() {
    var result =
        read(
            root ->
                ((ObjectNode) clip(root, 1).path("markers").path(0).path("marked_range"))
                    .remove("OTIO_SCHEMA"));

    assertThat(result.problems())
        .containsExactly(
            CLIPS + "[1].markers[0].marked_range has no OTIO_SCHEMA (expected TimeRange.1)");
  }

  @Test
  void wrongJsonTypes() {
    var result =
        read(
            root -> {
              clip(root, 0).put("name", 5);
              clip(root, 1).put("markers", "none");
              clip(root, 2).putNull("media_references");
            });

    assertThat(result.problems())
        .containsExactly(
            CLIPS + "[0].name must be a string, was number",
            CLIPS + "[1].markers must be an array, was string",
            CLIPS + "[2].media_references must not be null");
  }

  @Test
  void trackKindNegativeDurationAndNonFiniteValue() {
    String json =
        planted(
            root -> {
              track(root).put("kind", "Subtitle");
              at(clip(root, 0), "source_range", "duration").put("value", -3.0);
              at(clip(root, 2), "source_range", "start_time").put("value", 123456.5);
            });
    var result = OtioReader.read(json.replace("123456.5", "NaN"));

    assertThat(result.problems())
        .containsExactlyInAnyOrder(
            "tracks.children[0].kind must be Video or Audio, was Subtitle",
            CLIPS + "[0].source_range.duration.value must be >= 0, was -3.0",
            CLIPS + "[2].source_range.start_time.value must be finite, was NaN");
  }

  @Test
  void wrongSchemaInAPosition() {
    var result = read(root -> root.set("tracks", clip(root, 0).deepCopy()));

    assertThat(result.problems()).containsExactly("tracks must be Stack.1, was Clip.2");
  }

  @Test
  void unknownKeysAreAllowedButSchemaObjectsInThemAreChecked() {
    var ok =
        read(
            root -> {
              root.put("studio_key", "kept");
              clip(root, 0).putObject("resolve").put("color_group", "A");
            });
    assertThat(ok.problems()).isEmpty();

    var bad =
        read(
            root ->
                at(clip(root, 0), "metadata")
                    .putObject("retime")
                    .put("OTIO_SCHEMA", "RationalTime.1")
                    .put("rate", -1.0)
                    .put("value", 1.0));
    assertThat(bad.problems())
        .singleElement()
        .asString()
        .startsWith(CLIPS + "[0].metadata.retime.rate must be > 0");
  }

  @Test
  void gapsMoveLaterClipsAndTransitionsDoNot() {
    var result =
        read(
            root -> {
              ArrayNode children = (ArrayNode) track(root).path("children");
              ObjectNode gap = children.insertObject(1);
              gap.put("OTIO_SCHEMA", "Gap.1").put("name", "");
              gap.set("source_range", clip(root, 0).path("source_range").deepCopy());
              gap.putArray("effects");
              gap.putArray("markers");
              gap.putObject("metadata");
            });

    assertThat(result.problems()).isEmpty();
    assertThat(result.clips())
        .extracting(OtioReader.ReadClip::recordStart)
        .containsExactly(0L, 66L, 90L);
  }

  @Test
  void notATimeline() {
    assertThat(OtioReader.read("{\"OTIO_SCHEMA\": ").problems())
        .singleElement()
        .asString()
        .startsWith("(root) is not valid JSON");
    assertThat(OtioReader.read("{\"a\": 1, \"a\": 2}").problems())
        .singleElement()
        .asString()
        .contains("Duplicate");
    assertThat(OtioReader.read("[]").problems())
        .containsExactly("(root) must be an object, was array");
    assertThat(OtioReader.read("{}").problems())
        .containsExactly("(root) has no OTIO_SCHEMA (expected Timeline.1)");
  }
}
