package io.previs.media.frames;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.media.ReferenceTools;
import io.previs.media.TestFrames;
import io.previs.media.encode.H264Settings;
import io.previs.media.encode.VideoWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delivery files decode with their own Y'CbCr matrix; RGB shards stay exact either way. */
class VideoColourTest {

  @TempDir Path dir;

  @Test
  void aBt709Mp4ComesBackInItsOwnColours() throws IOException {
    BgrFrame chart = TestFrames.colorChart(192, 128);
    Path mp4 = dir.resolve("chart.mp4");
    try (VideoWriter w =
        VideoWriter.h264(mp4, 192, 128, Fps.of(24), H264Settings.DEFAULT.withCrf(10), Map.of())) {
      w.accept(chart);
    }

    // Debian's ffmpeg, which honours the tags, decodes this file to within 3 of the chart.
    BgrFrame reference = BgrFrame.fromRgb(192, 128, ReferenceTools.decodeRgb(mp4, 1));
    BgrFrame own = first(ShardInput.videoFile(mp4));
    assertThat(worstPatch(own, reference)).isLessThanOrEqualTo(3);
    assertThat(worstPatch(own, chart)).isLessThanOrEqualTo(4);
    ShardInput stream = ShardInput.videoStream("chart", () -> Files.newInputStream(mp4));
    assertThat(first(stream)).isEqualTo(own);
    // What the shard path (swscale's BT.601) makes of the same file: why videoFile exists.
    assertThat(worstPatch(first(ShardInput.file(mp4)), chart)).isGreaterThan(8);
  }

  @Test
  void anRgbShardReadAsVideoIsStillRight() throws IOException {
    Path mkv = dir.resolve("frames.mkv");
    BgrFrame chart = TestFrames.colorChart(96, 64);
    try (Ffv1Writer w = new Ffv1Writer(mkv, 96, 64, Fps.of(16))) {
      w.accept(chart);
    }
    try (InputStream in = Files.newInputStream(mkv);
        FrameSource s = FfmpegFrameSource.openVideo(in, "shard")) {
      assertThat(TestFrames.maxAbsDiff(s.next(), chart)).isLessThanOrEqualTo(2);
    }
  }

  private static BgrFrame first(ShardInput in) throws IOException {
    try (FrameSource s = in.open()) {
      return s.next();
    }
  }

  /** Largest channel error at the chart's patch centres (away from chroma-blurred edges). */
  private static int worstPatch(BgrFrame got, BgrFrame want) {
    int worst = 0;
    int pw = want.width() / 6;
    int ph = want.height() / 4;
    for (int py = 0; py < 4; py++) {
      for (int px = 0; px < 6; px++) {
        int x = px * pw + pw / 2;
        int y = py * ph + ph / 2;
        worst = Math.max(worst, Math.abs(got.red(x, y) - want.red(x, y)));
        worst = Math.max(worst, Math.abs(got.green(x, y) - want.green(x, y)));
        worst = Math.max(worst, Math.abs(got.blue(x, y) - want.blue(x, y)));
      }
    }
    return worst;
  }
}
