package io.previs.media.animatic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.data.Offset.offset;

import io.previs.media.ReferenceTools;
import io.previs.media.frames.BgrFrame;
import io.previs.media.frames.Fps;
import io.previs.media.frames.FrameSource;
import io.previs.media.frames.ShardInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Three takes (16 fps 320x192, 24 fps 320x192, 16 fps 256x256) cut into a 320x192 16 fps animatic,
 * read back by Debian's ffprobe/ffmpeg and by the stage's own decoder.
 */
class AnimaticTest {

  static final int W = 320;
  static final int H = 192;
  static final Fps FPS = Fps.of(16);

  /** Take A: 17 frames whose green steps by 10 per frame, so a frame shows which it is. */
  static int[] colourA(int i) {
    return new int[] {200, 40 + 10 * i, 40};
  }

  static final int[] B = {30, 170, 60};
  static final int[] C = {40, 70, 210};

  /** Flat colours after two H.264 generations at QP 20 (take and animatic). */
  static final double TOLERANCE = 4;

  @TempDir static Path dir;
  static Path a;
  static Path b;
  static Path c;
  static List<AnimaticClip> clips;
  static AnimaticResult plain;
  static List<BgrFrame> plainFrames;

  @BeforeAll
  static void takesAndAPlainRender() throws IOException {
    a = Takes.solid(dir.resolve("a.mp4"), W, H, FPS, 17, AnimaticTest::colourA);
    b = Takes.solid(dir.resolve("b.mp4"), W, H, Fps.of(24), 13, i -> B);
    c = Takes.solid(dir.resolve("c.mp4"), 256, 256, FPS, 9, i -> C);
    clips =
        List.of(
            AnimaticClip.file(a, "sq010_sh010  v001  take 1"),
            // B arrives as the service hands object-store takes over: a fresh stream per open.
            AnimaticClip.stream(
                "s3://takes/sq010_sh020/v002.mp4",
                () -> Files.newInputStream(b),
                "sq010_sh020  v002  take 3"),
            AnimaticClip.file(c, "sq010_sh030  v001  take 2"));
    plain = Animatic.assemble(clips, AnimaticSpec.of(W, H, FPS), dir.resolve("plain.mp4"));
    plainFrames = Takes.decode(plain.mp4(), W, H);
  }

  @Test
  void framesAreTheSumOfTheConformedClipsWithEditPointsWhereTheCutsAre() throws IOException {
    // 17 at 16 fps + ceil(13 * 16 / 24) = 9 + 9 at 16 fps
    assertThat(plain.frames()).isEqualTo(35);
    assertThat(plain.durationSeconds()).isCloseTo(35 / 16.0, offset(1e-9));
    assertThat(plain.edits())
        .extracting(AnimaticResult.Edit::firstFrame, AnimaticResult.Edit::frames)
        .containsExactly(tuple(0L, 17L), tuple(17L, 9L), tuple(26L, 9L));
    assertThat(plain.edits().get(1).sourceFps()).isEqualTo(Fps.of(24));
    assertThat(plain.edits().get(1).name()).isEqualTo("s3://takes/sq010_sh020/v002.mp4");
    assertThat(plain.edits().get(2).sourceWidth()).isEqualTo(256);

    JsonNode probe = ReferenceTools.probe(plain.mp4());
    JsonNode v = probe.get("streams").get(0);
    assertThat(v.get("nb_read_frames").asString()).isEqualTo("35");
    assertThat(v.get("r_frame_rate").asString()).isEqualTo("16/1");
    assertThat(v.get("width").asInt()).isEqualTo(W);
    assertThat(v.get("height").asInt()).isEqualTo(H);
    assertThat(probe.get("format").get("duration").asDouble()).isCloseTo(35 / 16.0, offset(0.01));

    try (FrameSource src = ShardInput.file(plain.mp4()).open()) {
      assertThat(src.info().frameCount()).isEqualTo(35);
      int n = 0;
      while (src.next() != null) {
        n++;
      }
      assertThat(n).isEqualTo(35);
    }
    assertThat(plainFrames).hasSize(35);
  }

  @Test
  void eachFrameComesFromItsClipAndBurnInOffKeepsTheSourceColours() {
    for (int k = 0; k < 35; k++) {
      int[] want = k < 17 ? colourA(k) : k < 26 ? B : C;
      BgrFrame f = plainFrames.get(k);
      assertThat(Takes.colourError(f, 140, 80, 40, 32, want))
          .as("centre of frame %d", k)
          .isLessThan(TOLERANCE);
      if (k < 26) {
        // Where the burn-in would be: untouched when it is off.
        assertThat(Takes.colourError(f, 8, H - 24, 100, 16, want))
            .as("label area of frame %d", k)
            .isLessThan(TOLERANCE);
        assertThat(Takes.colourError(f, W - 90, H - 24, 80, 16, want))
            .as("timecode area of frame %d", k)
            .isLessThan(TOLERANCE);
      }
    }
  }

  @Test
  void aSquareTakeIsPillarboxedWithBlackBarsAndKeepsItsColourInTheMiddle() {
    for (int k = 26; k < 35; k++) {
      BgrFrame f = plainFrames.get(k);
      // 256x256 fits 320x192 as 192x192 at x = 64..255; the codec rings a few px past each edge
      assertThat(Takes.colourError(f, 0, 0, 56, H, new int[] {0, 0, 0}))
          .as("left bar %d", k)
          .isLessThan(TOLERANCE);
      assertThat(Takes.colourError(f, 264, 0, 56, H, new int[] {0, 0, 0}))
          .as("right bar %d", k)
          .isLessThan(TOLERANCE);
      assertThat(Takes.colourError(f, 68, 0, 184, H, C)).as("picture %d", k).isLessThan(TOLERANCE);
    }
  }

  @Test
  void burnInChangesTheBandsOnlyAndTheTimecodeRunsFrameByFrame() throws IOException {
    AnimaticResult burnt =
        Animatic.assemble(
            clips, AnimaticSpec.of(W, H, FPS).withBurnIn("SQ010 chase"), dir.resolve("burnt.mp4"));
    List<BgrFrame> frames = Takes.decode(burnt.mp4(), W, H);
    assertThat(burnt.frames()).isEqualTo(35);
    assertThat(frames).hasSize(35);

    int band = H / 6;
    for (int k = 0; k < 35; k++) {
      BgrFrame on = frames.get(k);
      BgrFrame off = plainFrames.get(k);
      assertThat(Takes.diff(on, off, 0, H - band, W / 3, band))
          .as("label band %d", k)
          .isGreaterThan(10);
      assertThat(Takes.diff(on, off, W - W / 4, H - band, W / 4, band))
          .as("timecode band %d", k)
          .isGreaterThan(10);
      assertThat(Takes.diff(on, off, 0, 0, W / 4, band)).as("title band %d", k).isGreaterThan(10);
      assertThat(Takes.diff(on, off, W / 4, H / 3, W / 2, H / 3))
          .as("centre %d", k)
          .isLessThan(1.5);
    }
    // Take C is one flat colour: between its frames only the timecode changes.
    for (int k = 26; k < 34; k++) {
      BgrFrame now = frames.get(k);
      BgrFrame next = frames.get(k + 1);
      assertThat(Takes.diff(now, next, W - W / 4, H - band, W / 4, band))
          .as("timecode %d -> %d", k, k + 1)
          .isGreaterThan(1);
      assertThat(Takes.diff(now, next, 0, H - band, W / 3, band))
          .as("label %d -> %d", k, k + 1)
          .isLessThan(1);
      assertThat(
              Takes.diff(
                  plainFrames.get(k), plainFrames.get(k + 1), W - W / 4, H - band, W / 4, band))
          .isLessThan(0.5);
    }
    assertThat(burnt.timecode(26)).isEqualTo("01:00:01:10");
  }

  @Test
  void aSubRangeUsesTheTakesOwnFramesAndATooShortTakeFailsNamingTheClip() throws IOException {
    List<AnimaticClip> ranged =
        List.of(AnimaticClip.file(a, "A").range(5, 6), AnimaticClip.file(c, "C").range(2, null));
    AnimaticResult r =
        Animatic.assemble(ranged, AnimaticSpec.of(W, H, FPS), dir.resolve("ranged.mp4"));

    assertThat(r.frames()).isEqualTo(6 + 7);
    assertThat(r.edits().get(1).firstFrame()).isEqualTo(6);
    assertThat(r.edits().get(0).sourceStart()).isEqualTo(5);
    List<BgrFrame> frames = Takes.decode(r.mp4(), W, H);
    assertThat(frames).hasSize(13);
    for (int k = 0; k < 6; k++) {
      assertThat(Takes.colourError(frames.get(k), 140, 80, 40, 32, colourA(5 + k)))
          .as("frame %d", k)
          .isLessThan(TOLERANCE);
    }
    assertThat(Takes.colourError(frames.get(6), 140, 80, 40, 32, C)).isLessThan(TOLERANCE);

    Path out = dir.resolve("short.mp4");
    assertThatThrownBy(
            () ->
                Animatic.assemble(
                    List.of(AnimaticClip.file(a, "A").range(15, 5)),
                    AnimaticSpec.of(W, H, FPS),
                    out))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("animatic clip 1 of 1 '" + a + "'")
        .hasMessageContaining("frames 15..19 were asked for, but the take has only 17 frames");
    assertThat(out).doesNotExist();
    assertThatThrownBy(
            () ->
                Animatic.assemble(
                    List.of(AnimaticClip.file(a, "A").range(20, null)),
                    AnimaticSpec.of(W, H, FPS),
                    out))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("'" + a + "'")
        .hasMessageContaining("sourceStart 20 is past the end of the take, which has 17 frames");
  }

  @Test
  void aClipThatIsNotAVideoFailsNamingTheClipAndLeavesNoOutput() throws IOException {
    Path junk = Files.writeString(dir.resolve("notes.mp4"), "this is not a video\n".repeat(50));
    Path out = dir.resolve("broken.mp4");
    List<AnimaticClip> withJunk = List.of(clips.getFirst(), AnimaticClip.file(junk, "sq010_sh020"));

    assertThatThrownBy(() -> Animatic.assemble(withJunk, AnimaticSpec.of(W, H, FPS), out))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("animatic clip 2 of 2 '" + junk + "'");
    assertThat(out).doesNotExist();

    AnimaticClip missing =
        AnimaticClip.stream(
            "s3://takes/sq010_sh040/v001.mp4",
            () -> {
              throw new java.io.FileNotFoundException("NoSuchKey");
            },
            null);
    assertThatThrownBy(() -> Animatic.assemble(List.of(missing), AnimaticSpec.of(W, H, FPS), out))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("'s3://takes/sq010_sh040/v001.mp4'")
        .hasMessageContaining("NoSuchKey");
    assertThatThrownBy(() -> Animatic.assemble(List.of(), AnimaticSpec.of(W, H, FPS), out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clips: at least one clip is required");
  }
}
