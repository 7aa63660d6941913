package io.previs.media.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.previs.media.ReferenceTools;
import io.previs.media.TestFrames;
import io.previs.media.color.CubeFormatException;
import io.previs.media.color.Interpolation;
import io.previs.media.color.Look;
import io.previs.media.encode.ClipMetadata;
import io.previs.media.encode.ProResProfile;
import io.previs.media.frames.BgrFrame;
import io.previs.media.frames.Ffv1Writer;
import io.previs.media.frames.Fps;
import io.previs.media.frames.ShardInput;
import io.previs.media.sr.TileSpec;
import io.previs.modeltools.sr.SrModelGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class ClipPipelineTest {

  static final ClipMetadata META =
      new ClipMetadata(
          "job-9", "two riders meet at a ford", 77, "tiny-dit", Map.of("variant", "0"));

  @TempDir Path dir;

  /** A worker-style shard: a tinted moving square, {@code frames} long. */
  private Path shard(String name, int w, int h, Fps fps, int frames, int r, int g, int b)
      throws IOException {
    Path p = dir.resolve(name).resolve("frames.mkv");
    try (Ffv1Writer out = new Ffv1Writer(p, w, h, fps)) {
      for (int i = 0; i < frames; i++) {
        BgrFrame f = TestFrames.moving(w, h, i, frames);
        for (int y = h / 2; y < h; y++) {
          for (int x = 0; x < w; x++) {
            f.setRgb(x, y, r, g, b);
          }
        }
        out.accept(f);
      }
    }
    return p;
  }

  @Test
  void shotsBecomeOneGradedUpscaledAnimaticWithMezzanineAndPoster() throws Exception {
    // given: three shots of one variant, the middle one warm and dark
    List<ShardInput> shots =
        List.of(
            ShardInput.file(shard("s0", 96, 54, Fps.of(16), 10, 90, 120, 160)),
            ShardInput.file(shard("s1", 96, 54, Fps.of(16), 7, 200, 120, 40)),
            ShardInput.file(shard("s2", 96, 54, Fps.of(16), 9, 100, 130, 150)));
    PostprocessSpec spec =
        PostprocessSpec.builder(META)
            .output(OutputSize.scale(2))
            .sr(SrSpec.CLASSICAL)
            .color(
                new ColorSpec(null, Look.WARM_DUSK, Interpolation.TETRAHEDRAL, true, true, true, 0))
            .prores(ProResProfile.STANDARD)
            .poster(PosterFrame.MIDDLE)
            .build();

    // when
    PostprocessResult r = new ClipPipeline().run(shots, spec, dir.resolve("out"));

    // then
    assertThat(r.frames()).isEqualTo(26);
    assertThat(r.width()).isEqualTo(192);
    assertThat(r.height()).isEqualTo(108);
    assertThat(r.durationSeconds()).isCloseTo(26 / 16.0, offset(1e-9));
    assertThat(r.shots())
        .extracting(PostprocessResult.ShotReport::firstFrame)
        .containsExactly(0L, 10L, 17L);
    assertThat(r.shots().get(1).gains().get(2)).isGreaterThan(r.shots().get(1).gains().get(0));
    assertThat(r.stageMillis()).containsKeys("decode", "grade", "upscale", "h264", "total");

    JsonNode mp4 = ReferenceTools.probe(r.mp4());
    assertThat(mp4.get("streams").get(0).get("nb_read_frames").asString()).isEqualTo("26");
    assertThat(mp4.get("streams").get(0).get("r_frame_rate").asString()).isEqualTo("16/1");
    assertThat(mp4.get("format").get("tags").get("job_id").asString()).isEqualTo("job-9");
    assertThat(mp4.get("format").get("tags").get("variant").asString()).isEqualTo("0");
    JsonNode mov = ReferenceTools.probe(r.prores().orElseThrow());
    assertThat(mov.get("streams").get(0).get("codec_name").asString()).isEqualTo("prores");
    assertThat(mov.get("streams").get(0).get("nb_read_frames").asString()).isEqualTo("26");
    JsonNode jpg = ReferenceTools.probe(r.poster());
    assertThat(jpg.get("streams").get(0).get("width").asInt()).isEqualTo(192);
    assertThat(r.posterBytes()).isEqualTo(Files.size(r.poster()));
  }

  @Test
  void cutsFollowShotOrderAndMixedRatesMeetTheClipRate() throws Exception {
    // given: shot 0 red at 24 fps, shot 1 blue at 12 fps (each frame shown twice at 24)
    List<ShardInput> shots =
        List.of(
            ShardInput.file(shard("red", 64, 36, Fps.of(24), 6, 230, 20, 20)),
            ShardInput.file(shard("blue", 64, 36, Fps.of(12), 4, 20, 20, 230)));
    PostprocessSpec spec = PostprocessSpec.builder(META).antiAlias(0).build();

    // when
    PostprocessResult r = new ClipPipeline().run(shots, spec, dir.resolve("out"));

    // then: 6 red frames then 8 blue ones, in that order
    byte[] rgb = ReferenceTools.decodeRgb(r.mp4(), 0);
    int frameBytes = 64 * 36 * 3;
    assertThat(rgb.length).isEqualTo(14 * frameBytes);
    StringBuilder order = new StringBuilder();
    for (int i = 0; i < 14; i++) {
      BgrFrame f =
          BgrFrame.fromRgb(
              64, 36, java.util.Arrays.copyOfRange(rgb, i * frameBytes, (i + 1) * frameBytes));
      order.append(f.red(32, 30) > f.blue(32, 30) ? 'R' : 'B');
    }
    assertThat(order.toString()).isEqualTo("RRRRRRBBBBBBBB");
  }

  @Test
  void onnxSuperResolutionFromOneShotStreams() throws Exception {
    Path model = SrModelGenerator.write(dir.resolve("sr.onnx"), 2);
    Path s0 = shard("a", 80, 48, Fps.of(16), 5, 40, 80, 120);
    try (InputStream in = Files.newInputStream(s0)) {
      PostprocessSpec spec =
          PostprocessSpec.builder(META)
              .output(OutputSize.exact(160, 96))
              .sr(SrSpec.onnx(model, new TileSpec(32, 8)))
              .poster(PosterFrame.atSeconds(0.125))
              .build();

      PostprocessResult r;
      try (ClipPipeline pipeline = new ClipPipeline()) {
        r = pipeline.run(List.of(ShardInput.once("shot-0", in)), spec, dir.resolve("o"));
      }

      assertThat(r.frames()).isEqualTo(5);
      JsonNode v = ReferenceTools.probe(r.mp4()).get("streams").get(0);
      assertThat(v.get("width").asInt()).isEqualTo(160);
      assertThat(v.get("height").asInt()).isEqualTo(96);
    }
  }

  @Test
  void matchingToALaterShotNeedsShardsThatCanBeReadTwice() throws Exception {
    Path s0 = shard("m0", 64, 36, Fps.of(16), 3, 200, 100, 50);
    Path s1 = shard("m1", 64, 36, Fps.of(16), 3, 50, 100, 200);
    PostprocessSpec spec =
        PostprocessSpec.builder(META)
            .color(new ColorSpec(null, null, null, false, false, true, 1))
            .build();
    try (InputStream a = Files.newInputStream(s0);
        InputStream b = Files.newInputStream(s1)) {
      List<ShardInput> once = List.of(ShardInput.once("shot-0", a), ShardInput.once("shot-1", b));

      assertThatThrownBy(() -> new ClipPipeline().run(once, spec, dir.resolve("o")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("shot-1")
          .hasMessageContaining("one-shot");
    }
    PostprocessResult r =
        new ClipPipeline()
            .run(List.of(ShardInput.file(s0), ShardInput.file(s1)), spec, dir.resolve("o2"));
    assertThat(r.frames()).isEqualTo(6);
  }

  @Test
  void aBrokenShardFailsNamingItAndLeavesNoPartialOutputs() throws Exception {
    Path good = shard("good", 64, 36, Fps.of(16), 4, 10, 10, 10);
    Path bad = Files.writeString(dir.resolve("bad.mkv"), "garbage");
    Path out = dir.resolve("out");

    assertThatThrownBy(
            () ->
                new ClipPipeline()
                    .run(
                        List.of(ShardInput.file(good), ShardInput.file(bad)),
                        PostprocessSpec.builder(META).build(),
                        out))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("bad.mkv");
    assertThat(out.resolve(ClipPipeline.MP4_NAME)).doesNotExist();
    assertThat(out.resolve(ClipPipeline.POSTER_NAME)).doesNotExist();
  }

  @Test
  void badSpecsAndLutsAreRefusedBeforeAnythingIsWritten() throws Exception {
    Path shard = shard("s", 64, 36, Fps.of(16), 2, 10, 10, 10);
    Path cube = Files.writeString(dir.resolve("show.cube"), "LUT_3D_SIZE 2\n0 0 0\n1 1\n");
    List<ShardInput> one = List.of(ShardInput.file(shard));

    assertThatThrownBy(
            () ->
                new ClipPipeline()
                    .run(
                        one,
                        PostprocessSpec.builder(META)
                            .color(
                                new ColorSpec(
                                    cube, null, Interpolation.TRILINEAR, false, false, false, 0))
                            .build(),
                        dir.resolve("o1")))
        .isInstanceOf(CubeFormatException.class)
        .hasMessageStartingWith("show.cube:3:");
    assertThatThrownBy(() -> OutputSize.scale(9))
        .hasMessageContaining("output.scale 9.0 is out of range 0.25..8");
    assertThatThrownBy(() -> OutputSize.exact(8000, 4000))
        .hasMessageContaining("output size 8000x4000 is unsupported");
    assertThatThrownBy(() -> OutputSize.exact(641, 360)).hasMessageContaining("must be even");
    assertThatThrownBy(
            () ->
                new ClipPipeline()
                    .run(
                        one,
                        PostprocessSpec.builder(META)
                            .color(new ColorSpec(null, null, null, false, false, true, 3))
                            .build(),
                        dir.resolve("o4")))
        .hasMessageContaining("color.referenceShot 3 is out of range 0..0");
    assertThatThrownBy(() -> PostprocessSpec.builder(META).antiAlias(2).build())
        .hasMessageContaining("antiAlias 2.0 is out of range 0..1");
  }
}
