package io.previs.worker.frames;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker's intermediate is lossless: every RGB byte comes back as it went in. */
class Ffv1WriterTest {

  @TempDir Path tmp;

  @Test
  void framesRoundTripBitExactlyThroughFfv1InMatroska() throws Exception {
    int w = 64;
    int h = 48;
    int frames = 9;
    Path file = tmp.resolve("frames.mkv");
    try (Ffv1Writer writer = new Ffv1Writer(file, 16)) {
      for (int i = 0; i < frames; i++) {
        writer.frame(i, w, h, pattern(w, h, i));
      }
      assertThat(writer.written()).isEqualTo(frames);
    }
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
      g.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
      g.start();
      assertThat(g.getVideoCodecName()).isEqualTo("ffv1");
      for (int i = 0; i < frames; i++) {
        Frame f = g.grabImage();
        ByteBuffer b = (ByteBuffer) f.image[0];
        byte[] expected = pattern(w, h, i);
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w * 3; x++) {
            assertThat(b.get(y * f.imageStride + x))
                .as("frame %d y %d x %d", i, y, x)
                .isEqualTo(expected[y * w * 3 + x]);
          }
        }
      }
      assertThat(g.grabImage()).isNull();
    }
  }

  private static byte[] pattern(int w, int h, int t) {
    byte[] rgb = new byte[w * h * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) (i * 7 + t * 13 + (i / (w * 3)) * 3);
    }
    return rgb;
  }
}
