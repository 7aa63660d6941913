package io.previs.media.animatic;

import io.previs.media.ReferenceTools;
import io.previs.media.encode.H264Settings;
import io.previs.media.encode.VideoWriter;
import io.previs.media.frames.BgrFrame;
import io.previs.media.frames.Fps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** Small test takes written with the stage's own encoder, and a reference decoder to read them. */
final class Takes {

  private Takes() {}

  /** A take whose frame i is one flat colour, {@code rgb.apply(i)}. */
  static Path solid(Path file, int w, int h, Fps fps, int frames, IntFunction<int[]> rgb)
      throws IOException {
    try (VideoWriter out = VideoWriter.h264(file, w, h, fps, H264Settings.DEFAULT, Map.of())) {
      for (int i = 0; i < frames; i++) {
        int[] c = rgb.apply(i);
        BgrFrame f = new BgrFrame(w, h);
        byte[] d = f.data();
        for (int p = 0; p < d.length; p += 3) {
          d[p] = (byte) c[2];
          d[p + 1] = (byte) c[1];
          d[p + 2] = (byte) c[0];
        }
        out.accept(f);
      }
    }
    return file;
  }

  /** Every frame of {@code mp4} as decoded by Debian's ffmpeg (BT.709 tags honoured). */
  static List<BgrFrame> decode(Path mp4, int w, int h) {
    byte[] rgb = ReferenceTools.decodeRgb(mp4, 0);
    int size = w * h * 3;
    List<BgrFrame> frames = new ArrayList<>();
    for (int off = 0; off + size <= rgb.length; off += size) {
      byte[] one = new byte[size];
      System.arraycopy(rgb, off, one, 0, size);
      frames.add(BgrFrame.fromRgb(w, h, one));
    }
    return frames;
  }

  /** Mean R, G, B over a rectangle. */
  static double[] mean(BgrFrame f, int x0, int y0, int w, int h) {
    double[] s = new double[3];
    for (int y = y0; y < y0 + h; y++) {
      for (int x = x0; x < x0 + w; x++) {
        s[0] += f.red(x, y);
        s[1] += f.green(x, y);
        s[2] += f.blue(x, y);
      }
    }
    for (int c = 0; c < 3; c++) {
      s[c] /= (double) w * h;
    }
    return s;
  }

  /** Largest per-channel distance between a rectangle's mean colour and {@code rgb}. */
  static double colourError(BgrFrame f, int x0, int y0, int w, int h, int[] rgb) {
    double[] m = mean(f, x0, y0, w, h);
    double worst = 0;
    for (int c = 0; c < 3; c++) {
      worst = Math.max(worst, Math.abs(m[c] - rgb[c]));
    }
    return worst;
  }

  /** Mean absolute difference per channel value over a rectangle of two frames. */
  static double diff(BgrFrame a, BgrFrame b, int x0, int y0, int w, int h) {
    long sum = 0;
    for (int y = y0; y < y0 + h; y++) {
      for (int x = x0; x < x0 + w; x++) {
        sum += Math.abs(a.red(x, y) - b.red(x, y));
        sum += Math.abs(a.green(x, y) - b.green(x, y));
        sum += Math.abs(a.blue(x, y) - b.blue(x, y));
      }
    }
    return sum / (3.0 * w * h);
  }
}
