package io.previs.worker.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.previs.media.frames.BgrFrame;
import io.previs.media.frames.Fps;
import io.previs.media.frames.FrameSource;
import io.previs.media.frames.ShardInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameEncoderTest {

  @TempDir Path dir;

  @Test
  void framesHandedOverInOneReusedBufferAreEncodedLosslesslyInOrder() throws Exception {
    Path file = dir.resolve("s.mkv");
    // a buffer of two frames: the decode below outruns the encoder and must wait, not drop
    FrameEncoder encoder = new FrameEncoder(file, 64, 48, Fps.of(16), 2 * 64 * 48 * 3, "enc");
    byte[] rgb = new byte[64 * 48 * 3];
    for (int i = 0; i < 12; i++) {
      java.util.Arrays.fill(rgb, (byte) (i * 20)); // the decoder reuses its buffer
      encoder.frame(i, 64, 48, rgb);
    }
    assertThat(encoder.finish().get(30, TimeUnit.SECONDS)).isEqualTo(12);

    try (FrameSource in = ShardInput.file(file).open()) {
      for (int i = 0; i < 12; i++) {
        BgrFrame f = in.next();
        assertThat(f).as("frame %d", i).isNotNull();
        assertThat(f.red(10, 10)).as("frame %d", i).isEqualTo(i * 20);
        assertThat(f.blue(63, 47)).as("frame %d", i).isEqualTo(i * 20);
      }
      assertThat(in.next()).isNull();
    }
  }

  @Test
  void planarFramesHandedOverAreConvertedOnTheEncodersThreadExactlyAsTheDecoderWould()
      throws Exception {
    Path file = dir.resolve("p.mkv");
    FrameEncoder encoder = new FrameEncoder(file, 64, 48, Fps.of(16), 1 << 20, "enc");
    int pixels = 64 * 48;
    byte[][] expected = new byte[6][];
    java.util.Random r = new java.util.Random(3);
    for (int i = 0; i < 6; i++) {
      float[] planar = new float[3 * pixels];
      for (int k = 0; k < planar.length; k++) {
        planar[k] = (float) (r.nextDouble() * 2.2 - 1.1); // past [−1, 1] too: clamped
      }
      expected[i] = new byte[3 * pixels];
      io.previs.diffusion.runtime.FrameSink.toRgb(planar, pixels, expected[i]);
      encoder.planarFrame(i, 64, 48, planar);
    }
    assertThat(encoder.finish().get(30, TimeUnit.SECONDS)).isEqualTo(6);

    try (FrameSource in = ShardInput.file(file).open()) {
      for (int i = 0; i < 6; i++) {
        BgrFrame f = in.next();
        for (int p : new int[] {0, 777, pixels - 1}) {
          int x = p % 64;
          int y = p / 64;
          assertThat(f.red(x, y))
              .as("frame %d pixel %d", i, p)
              .isEqualTo(expected[i][p * 3] & 0xff);
          assertThat(f.blue(x, y))
              .as("frame %d pixel %d", i, p)
              .isEqualTo(expected[i][p * 3 + 2] & 0xff);
        }
      }
      assertThat(in.next()).isNull();
    }
  }

  @Test
  void anAbortedEncodeLeavesNoFileAndAFailedOneFailsTheDecode() throws Exception {
    Path file = dir.resolve("a.mkv");
    FrameEncoder encoder = new FrameEncoder(file, 32, 32, Fps.of(16), 1 << 20, "enc");
    encoder.frame(0, 32, 32, new byte[32 * 32 * 3]);
    encoder.abort();
    assertThat(encoder.finish().get(10, TimeUnit.SECONDS)).isLessThanOrEqualTo(1);
    for (int i = 0; i < 100 && Files.exists(file); i++) {
      Thread.sleep(50); // the file goes once the encoder thread has closed it
    }
    assertThat(file).doesNotExist();

    // a path that is a directory: the encoder fails, and the decode's next frame says so
    FrameEncoder bad =
        new FrameEncoder(
            Files.createDirectory(dir.resolve("b.mkv")), 32, 32, Fps.of(16), 1 << 20, "enc");
    assertThatThrownBy(() -> bad.finish().get(10, TimeUnit.SECONDS))
        .isInstanceOf(java.util.concurrent.ExecutionException.class);
    assertThatThrownBy(() -> bad.frame(1, 32, 32, new byte[32 * 32 * 3]))
        .hasMessageContaining("frame encoder stopped");
  }
}
