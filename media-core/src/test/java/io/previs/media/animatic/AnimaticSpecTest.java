package io.previs.media.animatic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.previs.media.encode.H264Settings;
import io.previs.media.frames.Fps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spec and clip validation, output sizing, letterbox geometry and record timecode. */
class AnimaticSpecTest {

  @TempDir Path dir;

  @Test
  void badSizesAreRefusedNamingTheFieldAndTheLimit() {
    assertThatThrownBy(() -> AnimaticSpec.of(62, 192, Fps.of(24)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("animatic.width 62 is out of range 64..3840");
    assertThatThrownBy(() -> AnimaticSpec.of(3842, 192, Fps.of(24)))
        .hasMessage("animatic.width 3842 is out of range 64..3840");
    assertThatThrownBy(() -> AnimaticSpec.of(321, 192, Fps.of(24)))
        .hasMessage("animatic.width 321 must be even (4:2:0 chroma)");
    assertThatThrownBy(() -> AnimaticSpec.of(320, 2162, Fps.of(24)))
        .hasMessage("animatic.height 2162 is out of range 64..2160");
    assertThatThrownBy(() -> AnimaticSpec.of(320, 191, Fps.of(24)))
        .hasMessage("animatic.height 191 must be even (4:2:0 chroma)");
    assertThatThrownBy(() -> AnimaticSpec.of(320, 192, null))
        .hasMessage("animatic.fps is required");
    assertThatThrownBy(() -> AnimaticSpec.of(320, 192, Fps.of(24)).withBurnIn("x".repeat(201)))
        .hasMessage("animatic.title is 201 characters; the limit is 200");
  }

  @Test
  void defaultsFillInAndBlankTextIsNoText() {
    AnimaticSpec s = new AnimaticSpec(320, 192, Fps.of(24), true, "  ", null);
    assertThat(s.h264()).isEqualTo(H264Settings.DEFAULT);
    assertThat(s.title()).isNull();
    assertThat(AnimaticSpec.of(3840, 2160, Fps.of(24)).burnIn()).isFalse();
  }

  @Test
  void badClipsAreRefusedNamingTheClipAndTheField() {
    Path take = dir.resolve("t.mp4");
    assertThatThrownBy(() -> AnimaticClip.file(take, null).range(-1, null))
        .hasMessage("clip '" + take + "': sourceStart -1 must be 0 or more");
    assertThatThrownBy(() -> AnimaticClip.file(take, null).range(0, 0))
        .hasMessage("clip '" + take + "': frames 0 must be 1 or more (null: to the end)");
    assertThatThrownBy(() -> AnimaticClip.stream(" ", () -> null, "l"))
        .hasMessage("clip.name is required");
    assertThatThrownBy(() -> AnimaticClip.stream("k", null, "l"))
        .hasMessage("clip 'k': a stream supplier is required");
    assertThatThrownBy(() -> AnimaticClip.stream("k", () -> null, "l".repeat(201)))
        .hasMessage("clip 'k': label is 201 characters; the limit is 200");
    assertThat(AnimaticClip.file(take, null).label()).isEqualTo(take.toString());
  }

  @Test
  void theSizeForASourceIsEvenWithinTheLimitsAndKeepsItsAspect() {
    assertThat(size(AnimaticSpec.sizedFor(1280, 720, Fps.of(24)))).containsExactly(1280, 720);
    assertThat(size(AnimaticSpec.sizedFor(321, 181, Fps.of(24)))).containsExactly(322, 182);
    AnimaticSpec dci = AnimaticSpec.sizedFor(4096, 2160, Fps.of(24));
    assertThat(dci.width()).isEqualTo(3840);
    assertThat((double) dci.width() / dci.height()).isCloseTo(4096 / 2160.0, offset(0.002));
    assertThat(size(AnimaticSpec.sizedFor(32, 16, Fps.of(24)))).containsExactly(128, 64);
  }

  @Test
  void fromFirstClipTakesItsSizeAndRate() throws IOException {
    Path take =
        Takes.solid(dir.resolve("first.mp4"), 256, 144, Fps.of(12), 3, i -> new int[] {9, 9, 9});
    List<AnimaticClip> clips = List.of(AnimaticClip.file(take, "first"));

    AnimaticSpec spec = AnimaticSpec.fromFirstClip(clips, null);

    assertThat(size(spec)).containsExactly(256, 144);
    assertThat(spec.fps()).isEqualTo(Fps.of(12));
    assertThat(AnimaticSpec.fromFirstClip(clips, Fps.of(24)).fps()).isEqualTo(Fps.of(24));
    assertThatThrownBy(
            () ->
                AnimaticSpec.fromFirstClip(
                    List.of(AnimaticClip.file(dir.resolve("nope.mp4"), "x")), null))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("animatic clip 1 of 1")
        .hasMessageContaining("nope.mp4");
  }

  @Test
  void takesAreFittedWithoutCropOrStretch() {
    assertThat(Letterbox.fit(256, 256, 320, 192)).isEqualTo(new Letterbox(64, 0, 192, 192));
    assertThat(Letterbox.fit(320, 192, 256, 256)).isEqualTo(new Letterbox(0, 51, 256, 154));
    assertThat(Letterbox.fit(640, 384, 320, 192)).isEqualTo(new Letterbox(0, 0, 320, 192));
    assertThat(Letterbox.fit(1920, 800, 1280, 720)).isEqualTo(new Letterbox(0, 93, 1280, 533));
  }

  @Test
  void recordTimecodeStartsAtOneHourAndCountsAtTheNominalRate() {
    assertThat(Timecode.record(0, Fps.of(16))).isEqualTo("01:00:00:00");
    assertThat(Timecode.record(15, Fps.of(16))).isEqualTo("01:00:00:15");
    assertThat(Timecode.record(16, Fps.of(16))).isEqualTo("01:00:01:00");
    assertThat(Timecode.record(25 * 61 + 3, Fps.of(25))).isEqualTo("01:01:01:03");
    assertThat(Timecode.record(24, new Fps(24000, 1001))).isEqualTo("01:00:01:00");
    assertThat(Timecode.record(30 * 3600, new Fps(30000, 1001))).isEqualTo("02:00:00:00");
    assertThat(Timecode.record(24L * 3600 * 23, Fps.of(24))).isEqualTo("00:00:00:00");
  }

  private static int[] size(AnimaticSpec s) {
    return new int[] {s.width(), s.height()};
  }
}
