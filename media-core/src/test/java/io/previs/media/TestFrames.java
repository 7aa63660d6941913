package io.previs.media;

import io.previs.media.frames.BgrFrame;

/** Deterministic test pictures: gradients, a colour chart, hard edges and moving shapes. */
public final class TestFrames {

  private TestFrames() {}

  /** Red rises left to right, green top to bottom, blue along the diagonal. */
  public static BgrFrame gradient(int w, int h) {
    BgrFrame f = new BgrFrame(w, h);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int r = x * 255 / Math.max(1, w - 1);
        int g = y * 255 / Math.max(1, h - 1);
        int b = (x + y) * 255 / Math.max(1, w + h - 2);
        f.setRgb(x, y, r, g, b);
      }
    }
    return f;
  }

  /** Every 8-bit value of each channel appears: a pseudo-random but fixed set of colours. */
  public static BgrFrame noise(int w, int h, long seed) {
    BgrFrame f = new BgrFrame(w, h);
    long s = seed * 0x9E3779B97F4A7C15L + 1;
    byte[] d = f.data();
    for (int i = 0; i < d.length; i++) {
      s ^= s << 13;
      s ^= s >>> 7;
      s ^= s << 17;
      d[i] = (byte) s;
    }
    return f;
  }

  /** A 6x4 chart of saturated, skin, and grey patches. */
  public static BgrFrame colorChart(int w, int h) {
    int[][] patches = {
      {115, 82, 68},
      {194, 150, 130},
      {98, 122, 157},
      {87, 108, 67},
      {133, 128, 177},
      {103, 189, 170},
      {214, 126, 44},
      {80, 91, 166},
      {193, 90, 99},
      {94, 60, 108},
      {157, 188, 64},
      {224, 163, 46},
      {56, 61, 150},
      {70, 148, 73},
      {175, 54, 60},
      {231, 199, 31},
      {187, 86, 149},
      {8, 133, 161},
      {243, 243, 242},
      {200, 200, 200},
      {160, 160, 160},
      {122, 122, 121},
      {85, 85, 85},
      {52, 52, 52}
    };
    BgrFrame f = new BgrFrame(w, h);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int[] p = patches[(y * 4 / h) * 6 + (x * 6 / w)];
        f.setRgb(x, y, p[0], p[1], p[2]);
      }
    }
    return f;
  }

  /**
   * A hard-edged (aliased) disc of radius {@code r} at (cx, cy) on a grey background, with a black
   * outline; {@code supersample} &gt; 1 averages that many samples per axis per pixel, which gives
   * the anti-aliased ground truth.
   */
  public static BgrFrame disc(int w, int h, double cx, double cy, double r, int supersample) {
    BgrFrame f = new BgrFrame(w, h);
    int n = supersample;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double rs = 0;
        double gs = 0;
        double bs = 0;
        for (int sy = 0; sy < n; sy++) {
          for (int sx = 0; sx < n; sx++) {
            double px = x + (sx + 0.5) / n;
            double py = y + (sy + 0.5) / n;
            double d = Math.hypot(px - cx, py - cy);
            if (d < r - 2) {
              rs += 230;
              gs += 180;
              bs += 40;
            } else if (d < r) {
              rs += 10;
              gs += 10;
              bs += 10;
            } else {
              rs += 90;
              gs += 110;
              bs += 130;
            }
          }
        }
        int k = n * n;
        f.setRgb(
            x, y, (int) Math.round(rs / k), (int) Math.round(gs / k), (int) Math.round(bs / k));
      }
    }
    return f;
  }

  /** Frame {@code i} of a clip: a gradient background with a square moving left to right. */
  public static BgrFrame moving(int w, int h, int i, int frames) {
    BgrFrame f = gradient(w, h);
    int size = Math.max(4, h / 4);
    int x0 = (int) ((long) (w - size) * i / Math.max(1, frames - 1));
    int y0 = (h - size) / 2;
    for (int y = y0; y < y0 + size; y++) {
      for (int x = x0; x < x0 + size; x++) {
        f.setRgb(x, y, 250, 250, 250);
      }
    }
    // A frame-number stripe at the top so that order and count can be checked after lossy coding.
    int bar = Math.min(w, 8 + i);
    for (int y = 0; y < Math.min(4, h); y++) {
      for (int x = 0; x < bar; x++) {
        f.setRgb(x, y, 0, 0, 0);
      }
    }
    return f;
  }

  /** Mean absolute difference per channel value between two frames of one size. */
  public static double meanAbsDiff(BgrFrame a, BgrFrame b) {
    byte[] x = a.data();
    byte[] y = b.data();
    long sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += Math.abs((x[i] & 0xff) - (y[i] & 0xff));
    }
    return (double) sum / x.length;
  }

  public static int maxAbsDiff(BgrFrame a, BgrFrame b) {
    byte[] x = a.data();
    byte[] y = b.data();
    int max = 0;
    for (int i = 0; i < x.length; i++) {
      max = Math.max(max, Math.abs((x[i] & 0xff) - (y[i] & 0xff)));
    }
    return max;
  }
}
