package io.previs.media.frames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.previs.media.TestFrames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameSourceTest {

  @TempDir Path dir;

  @Test
  void ffv1ShardRoundTripsLosslesslyFromFileAndStream() throws IOException {
    // given: a worker-style frames.mkv
    Path mkv = dir.resolve("frames.mkv");
    List<BgrFrame> frames = new ArrayList<>();
    try (Ffv1Writer w = new Ffv1Writer(mkv, 64, 36, Fps.of(16))) {
      for (int i = 0; i < 7; i++) {
        BgrFrame f = TestFrames.moving(64, 36, i, 7);
        frames.add(f);
        w.accept(f);
      }
    }

    // when / then: both the file and the one-shot stream give back the same pixels
    assertThat(readAll(ShardInput.file(mkv))).containsExactlyElementsOf(frames);
    try (InputStream in = Files.newInputStream(mkv)) {
      ShardInput once = ShardInput.once("shard-a", in);
      try (FrameSource s = once.open()) {
        assertThat(s.info()).isEqualTo(new StreamInfo(64, 36, Fps.of(16), 7));
        List<BgrFrame> got = new ArrayList<>();
        for (BgrFrame f; (f = s.next()) != null; ) {
          got.add(f);
        }
        assertThat(got).containsExactlyElementsOf(frames);
      }
      assertThatThrownBy(once::open)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("shard-a")
          .hasMessageContaining("one-shot");
    }
  }

  @Test
  void theVaesRgbFramesComeBackBitExactlyAsPostProcessingReadsThem() throws IOException {
    // given: frames written the way the worker writes them, straight from the VAE's RGB
    int w = 64;
    int h = 48;
    Path mkv = dir.resolve("vae.mkv");
    List<BgrFrame> expected = new ArrayList<>();
    try (Ffv1Writer writer = new Ffv1Writer(mkv, w, h, Fps.of(16))) {
      for (int i = 0; i < 9; i++) {
        byte[] rgb = pattern(w, h, i);
        writer.acceptRgb(w, h, rgb);
        expected.add(BgrFrame.fromRgb(w, h, rgb));
      }
      assertThat(writer.written()).isEqualTo(9);
      assertThatThrownBy(() -> writer.acceptRgb(w + 2, h, new byte[(w + 2) * h * 3]))
          .hasMessageContaining("66x48 but the shard was opened at 64x48");
    }

    // then: the post-processor's reader sees every byte as it went in
    assertThat(readAll(ShardInput.file(mkv))).containsExactlyElementsOf(expected);
  }

  private static byte[] pattern(int w, int h, int t) {
    byte[] rgb = new byte[w * h * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) (i * 7 + t * 13 + (i / (w * 3)) * 3);
    }
    return rgb;
  }

  @Test
  void ntscRateSurvivesTheContainer() throws IOException {
    Path mkv = dir.resolve("ntsc.mkv");
    try (Ffv1Writer w = new Ffv1Writer(mkv, 32, 32, new Fps(24000, 1001))) {
      w.accept(TestFrames.gradient(32, 32));
      w.accept(TestFrames.gradient(32, 32));
    }
    try (FrameSource s = ShardInput.file(mkv).open()) {
      assertThat(s.info().fps()).isEqualTo(new Fps(24000, 1001));
    }
  }

  @Test
  void missingOrBrokenFilesFailNamingTheFile() throws IOException {
    Path junk = Files.writeString(dir.resolve("junk.mkv"), "not a video");
    assertThatThrownBy(() -> ShardInput.file(dir.resolve("nope.mkv")).open())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("nope.mkv");
    assertThatThrownBy(() -> ShardInput.file(junk).open())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("junk.mkv");
  }

  @Test
  void fpsAdapterRepeatsAndDropsFramesByTimeAndHandsOutIndependentCopies() throws IOException {
    List<BgrFrame> src = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      src.add(TestFrames.moving(32, 16, i, 4));
    }
    // 12 -> 24 fps: each frame twice; the consumer grades in place, repeats must not see that.
    List<BgrFrame> doubled = new ArrayList<>();
    try (FrameSource up = FpsAdapter.adapt(MemoryFrameSource.of(src, Fps.of(12)), Fps.of(24))) {
      assertThat(up.info().frameCount()).isEqualTo(8);
      for (BgrFrame f; (f = up.next()) != null; ) {
        doubled.add(f.copy());
        java.util.Arrays.fill(f.data(), (byte) 0);
      }
    }
    assertThat(doubled)
        .containsExactly(
            src.get(0),
            src.get(0),
            src.get(1),
            src.get(1),
            src.get(2),
            src.get(2),
            src.get(3),
            src.get(3));
    // 24 -> 12 fps: every other frame.
    try (FrameSource down = FpsAdapter.adapt(MemoryFrameSource.of(src, Fps.of(24)), Fps.of(12))) {
      assertThat(down.info().frameCount()).isEqualTo(2);
      assertThat(down.next()).isEqualTo(src.get(0));
      assertThat(down.next()).isEqualTo(src.get(2));
      assertThat(down.next()).isNull();
    }
  }

  @Test
  void fpsParsesTheUsualSpellings() {
    assertThat(Fps.parse("24")).isEqualTo(Fps.of(24));
    assertThat(Fps.parse("23.976")).isEqualTo(new Fps(24000, 1001));
    assertThat(Fps.parse("30000/1001").toString()).isEqualTo("30000/1001");
    assertThat(new Fps(48, 2)).isEqualTo(Fps.of(24));
    assertThatThrownBy(() -> Fps.of(500)).hasMessageContaining("240");
  }

  static List<BgrFrame> readAll(ShardInput input) throws IOException {
    List<BgrFrame> out = new ArrayList<>();
    try (FrameSource s = input.open()) {
      for (BgrFrame f; (f = s.next()) != null; ) {
        out.add(f);
      }
    }
    return out;
  }
}
