package io.previs.editorial;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.editorial.OtioReader.ReadClip;
import io.previs.editorial.OtioReader.ReadMarker;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OtioRoundTripTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void threeShotCutReadsBackAsWritten() {
    // given
    Cut cut = Cuts.threeShots();

    // when
    OtioReader.Result result = OtioReader.read(Otio.write(cut));

    // then: the 24 fps take lasts 36 * 16 / 24 = 24 timeline frames, so shot 3 starts at 57
    assertThat(result.problems()).isEmpty();
    assertThat(result.clips())
        .containsExactly(
            new ReadClip(
                "sq010_sh010 v001 take 1", "sq010_sh010_v001_t1.mp4", 0, 33, 16, 0, List.of()),
            new ReadClip(
                "sq010_sh020 v002 take 3",
                "sq010_sh020_v002_t3.mp4",
                12,
                36,
                24,
                33,
                List.of(
                    new ReadMarker("QC: hand", "RED", 24, 1, "six fingers on the left hand"),
                    new ReadMarker("director note", "ORANGE", 30, 6, "hold longer here"))),
            new ReadClip(
                "sq010_sh030 v001 take 2", "sq010_sh030_v001_t2.mp4", 8, 40, 16, 57, List.of()));
  }

  @Test
  void writesOtiosSchemaNamesAndFields() {
    JsonNode root = JSON.readTree(Otio.write(Cuts.threeShots()));

    assertThat(root.path("OTIO_SCHEMA").stringValue()).isEqualTo("Timeline.1");
    assertThat(root.path("name").stringValue()).isEqualTo("sq010 layout");
    JsonNode start = root.path("global_start_time");
    assertThat(start.path("OTIO_SCHEMA").stringValue()).isEqualTo("RationalTime.1");
    assertThat(start.path("value").isDouble()).isTrue();
    assertThat(start.path("value").doubleValue()).isEqualTo(57600.0);
    assertThat(start.path("rate").doubleValue()).isEqualTo(16.0);
    assertThat(root.path("metadata").path("previs").path("fps").intValue()).isEqualTo(16);

    JsonNode stack = root.path("tracks");
    assertThat(stack.path("OTIO_SCHEMA").stringValue()).isEqualTo("Stack.1");
    assertThat(stack.path("name").stringValue()).isEqualTo("tracks");
    assertThat(stack.path("source_range").isNull()).isTrue();
    JsonNode track = stack.path("children").path(0);
    assertThat(track.path("OTIO_SCHEMA").stringValue()).isEqualTo("Track.1");
    assertThat(track.path("kind").stringValue()).isEqualTo("Video");
    assertThat(track.path("children").size()).isEqualTo(3);

    JsonNode clip = track.path("children").path(1);
    assertThat(clip.path("OTIO_SCHEMA").stringValue()).isEqualTo("Clip.2");
    assertThat(clip.path("active_media_reference_key").stringValue()).isEqualTo("DEFAULT_MEDIA");
    assertThat(clip.path("enabled").booleanValue()).isTrue();
    assertThat(clip.path("source_range").path("duration").path("rate").doubleValue())
        .isEqualTo(24.0);
    JsonNode media = clip.path("media_references").path("DEFAULT_MEDIA");
    assertThat(media.path("OTIO_SCHEMA").stringValue()).isEqualTo("ExternalReference.1");
    assertThat(media.path("available_range").path("duration").path("value").doubleValue())
        .isEqualTo(72.0);
    JsonNode previs = clip.path("metadata").path("previs");
    assertThat(previs.path("shot").stringValue()).isEqualTo("sq010_sh020");
    assertThat(previs.path("jobId").stringValue()).isEqualTo("job-2");
    assertThat(previs.path("seed").stringValue()).isEqualTo("42");
    JsonNode marker = clip.path("markers").path(0);
    assertThat(marker.path("OTIO_SCHEMA").stringValue()).isEqualTo("Marker.2");
    assertThat(marker.path("marked_range").path("start_time").path("value").doubleValue())
        .isEqualTo(24.0);
  }

  @Test
  void writesCutsOnly() {
    String json = Otio.write(Cuts.threeShots());

    assertThat(json).doesNotContain("Transition", "Gap.1").endsWith("}\n");
  }

  @Test
  void emptyCutIsAValidTimelineWithAnEmptyTrack() {
    String json = Otio.write(Cuts.empty());

    OtioReader.Result result = OtioReader.read(json);
    assertThat(result.problems()).isEmpty();
    assertThat(result.clips()).isEmpty();
    JsonNode track = JSON.readTree(json).path("tracks").path("children").path(0);
    assertThat(track.path("kind").stringValue()).isEqualTo("Video");
    assertThat(track.path("children").isArray()).isTrue();
    assertThat(track.path("children").isEmpty()).isTrue();
  }
}
