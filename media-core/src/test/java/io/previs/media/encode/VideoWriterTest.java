package io.previs.media.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.previs.media.ReferenceTools;
import io.previs.media.TestFrames;
import io.previs.media.frames.BgrFrame;
import io.previs.media.frames.Fps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Encoded files read back by Debian's ffprobe/ffmpeg, not by the libraries that wrote them. */
class VideoWriterTest {

  @TempDir Path dir;

  static final ClipMetadata META =
      new ClipMetadata(
          "job-42",
          "a knight rides through fog, tracking shot",
          1234,
          "wan2.2-t2v",
          Map.of("shot_count", "1"));

  private static void writeClip(VideoWriter w, int frames, int width, int height)
      throws IOException {
    try (w) {
      for (int i = 0; i < frames; i++) {
        w.accept(TestFrames.moving(width, height, i, frames));
      }
    }
  }

  @Test
  void h264Mp4HasFramesFpsDurationPixelFormatTagsAndFastStart() throws Exception {
    Path mp4 = dir.resolve("clip.mp4");
    writeClip(
        VideoWriter.h264(mp4, 320, 180, Fps.of(24), H264Settings.DEFAULT, META.tags()),
        48,
        320,
        180);

    JsonNode probe = ReferenceTools.probe(mp4);
    JsonNode v = probe.get("streams").get(0);
    assertThat(v.get("codec_name").asString()).isEqualTo("h264");
    assertThat(v.get("pix_fmt").asString()).isEqualTo("yuv420p");
    assertThat(v.get("width").asInt()).isEqualTo(320);
    assertThat(v.get("height").asInt()).isEqualTo(180);
    assertThat(v.get("r_frame_rate").asString()).isEqualTo("24/1");
    assertThat(v.get("avg_frame_rate").asString()).isEqualTo("24/1");
    assertThat(v.get("nb_read_frames").asString()).isEqualTo("48");
    assertThat(v.get("color_space").asString()).isEqualTo("bt709");
    assertThat(v.get("color_range").asString()).isEqualTo("tv");
    assertThat(probe.get("format").get("duration").asDouble()).isCloseTo(2.0, offset(0.01));
    JsonNode tags = probe.get("format").get("tags");
    assertThat(tags.get("job_id").asString()).isEqualTo("job-42");
    assertThat(tags.get("prompt").asString())
        .isEqualTo("a knight rides through fog, tracking shot");
    assertThat(tags.get("seed").asString()).isEqualTo("1234");
    assertThat(tags.get("model").asString()).isEqualTo("wan2.2-t2v");
    assertThat(tags.get("shot_count").asString()).isEqualTo("1");
    assertThat(topLevelBoxes(mp4)).containsSubsequence("ftyp", "moov", "mdat");
  }

  @Test
  void ntscRateAndOddLengthsKeepExactTiming() throws Exception {
    Path mp4 = dir.resolve("ntsc.mp4");
    writeClip(
        VideoWriter.h264(mp4, 160, 90, new Fps(24000, 1001), H264Settings.DEFAULT, META.tags()),
        37,
        160,
        90);

    JsonNode probe = ReferenceTools.probe(mp4);
    JsonNode v = probe.get("streams").get(0);
    assertThat(v.get("r_frame_rate").asString()).isEqualTo("24000/1001");
    assertThat(v.get("nb_read_frames").asString()).isEqualTo("37");
    assertThat(probe.get("format").get("duration").asDouble())
        .isCloseTo(37 * 1001 / 24000.0, offset(0.01));
  }

  @Test
  void coloursSurviveTheBt709RoundTrip() throws Exception {
    BgrFrame chart = TestFrames.colorChart(192, 128);
    Path mp4 = dir.resolve("chart.mp4");
    try (VideoWriter w =
        VideoWriter.h264(mp4, 192, 128, Fps.of(24), H264Settings.DEFAULT.withCrf(10), Map.of())) {
      w.accept(chart);
    }

    byte[] rgb = ReferenceTools.decodeRgb(mp4, 1);

    BgrFrame decoded = BgrFrame.fromRgb(192, 128, rgb);
    // Patch centres: a wrong matrix (BT.601 vs 709) shows as 5-15 levels on saturated patches.
    int worst = 0;
    for (int py = 0; py < 4; py++) {
      for (int px = 0; px < 6; px++) {
        int x = px * 32 + 16;
        int y = py * 32 + 16;
        worst = Math.max(worst, Math.abs(decoded.red(x, y) - chart.red(x, y)));
        worst = Math.max(worst, Math.abs(decoded.green(x, y) - chart.green(x, y)));
        worst = Math.max(worst, Math.abs(decoded.blue(x, y) - chart.blue(x, y)));
      }
    }
    assertThat(worst).isLessThanOrEqualTo(3);
  }

  @Test
  void proResMezzanineIs10Bit422WithTags() throws Exception {
    Path mov = dir.resolve("clip.mov");
    writeClip(
        VideoWriter.prores(mov, 320, 180, Fps.of(24), ProResProfile.STANDARD, META.tags()),
        12,
        320,
        180);

    JsonNode probe = ReferenceTools.probe(mov);
    JsonNode v = probe.get("streams").get(0);
    assertThat(v.get("codec_name").asString()).isEqualTo("prores");
    assertThat(v.get("profile").asString()).isEqualTo("Standard");
    assertThat(v.get("pix_fmt").asString()).isEqualTo("yuv422p10le");
    assertThat(v.get("nb_read_frames").asString()).isEqualTo("12");
    assertThat(probe.get("format").get("duration").asDouble()).isCloseTo(0.5, offset(0.01));
    assertThat(probe.get("format").get("tags").get("job_id").asString()).isEqualTo("job-42");
  }

  @Test
  void x264NeedsTheGplBuild() throws Exception {
    H264Settings x264 = H264Settings.DEFAULT.withEncoder(H264Encoder.X264);
    Path mp4 = dir.resolve("x264.mp4");
    System.out.println("x264 available in this FFmpeg build: " + H264Encoder.X264.available());
    if (!H264Encoder.X264.available()) {
      assertThatThrownBy(() -> VideoWriter.h264(mp4, 64, 64, Fps.of(24), x264, Map.of()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("libx264 is not in this FFmpeg build")
          .hasMessageContaining("-Dgpl");
      return;
    }
    writeClip(VideoWriter.h264(mp4, 320, 180, Fps.of(24), x264, META.tags()), 24, 320, 180);
    JsonNode v = ReferenceTools.probe(mp4).get("streams").get(0);
    assertThat(v.get("codec_name").asString()).isEqualTo("h264");
    assertThat(v.get("nb_read_frames").asString()).isEqualTo("24");
    assertThat(v.get("profile").asString()).isEqualTo("High");
  }

  @Test
  void badSettingsNameTheFieldAndLimit() {
    assertThatThrownBy(() -> H264Settings.DEFAULT.withCrf(60))
        .hasMessageContaining("encode.crf 60 is out of range 0..51");
    assertThatThrownBy(() -> H264Settings.DEFAULT.withX264Preset("warp"))
        .hasMessageContaining("encode.x264Preset 'warp'");
    assertThatThrownBy(
            () ->
                VideoWriter.h264(
                    dir.resolve("odd.mp4"), 321, 180, Fps.of(24), H264Settings.DEFAULT, Map.of()))
        .hasMessageContaining("even");
    assertThatThrownBy(() -> ClipMetadata.of("", "p", 1, "m"))
        .hasMessageContaining("metadata.jobId is required");
    assertThatThrownBy(() -> new ClipMetadata("j", "p", 1, "m", Map.of("Bad Key", "v")))
        .hasMessageContaining("metadata.extra key 'Bad Key'");
  }

  @Test
  void posterJpegCarriesTheProvenanceComment() throws Exception {
    Path jpg = dir.resolve("poster.jpg");
    long size =
        ImageWriter.write(TestFrames.colorChart(160, 90), jpg, 90, META.tags().get("comment"));

    byte[] bytes = Files.readAllBytes(jpg);
    assertThat(size).isEqualTo(bytes.length);
    assertThat(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1))
        .contains("previs job job-42, seed 1234, model wan2.2-t2v");
    JsonNode v = ReferenceTools.probe(jpg).get("streams").get(0);
    assertThat(v.get("codec_name").asString()).isEqualTo("mjpeg");
    assertThat(v.get("width").asInt()).isEqualTo(160);
  }

  /** Top-level ISO-BMFF box types in file order. */
  static List<String> topLevelBoxes(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    List<String> types = new ArrayList<>();
    long pos = 0;
    while (pos + 8 <= b.length) {
      int p = (int) pos;
      long size =
          ((b[p] & 0xffL) << 24)
              | ((b[p + 1] & 0xffL) << 16)
              | ((b[p + 2] & 0xffL) << 8)
              | (b[p + 3] & 0xffL);
      types.add(new String(b, p + 4, 4, java.nio.charset.StandardCharsets.US_ASCII));
      if (size == 1) {
        size = java.nio.ByteBuffer.wrap(b, p + 8, 8).getLong();
      }
      if (size < 8) {
        break;
      }
      pos += size;
    }
    return types;
  }
}
