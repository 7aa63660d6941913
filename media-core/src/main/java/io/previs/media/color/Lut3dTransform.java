package io.previs.media.color;

import io.previs.media.frames.BgrFrame;
import java.util.stream.IntStream;

/**
 * A {@link Lut3d} applied to 8-bit frames. With 8-bit input there are only 256 positions per axis,
 * so lattice offsets and fractions are tabulated once; a pixel then costs four table reads per
 * channel. Rows are split across the common fork-join pool.
 */
final class Lut3dTransform implements ColorTransform {

  private static final int ROWS_PER_TASK = 16;

  private final float[] t;
  private final Interpolation interpolation;
  private final int[] offR = new int[256];
  private final int[] offG = new int[256];
  private final int[] offB = new int[256];
  private final float[] fr = new float[256];
  private final float[] fg = new float[256];
  private final float[] fb = new float[256];
  private final int sr;
  private final int sg;
  private final int sb;

  Lut3dTransform(Lut3d lut, Interpolation interpolation) {
    this.t = lut.table();
    this.interpolation = interpolation;
    int size = lut.size();
    int n = size - 1;
    sr = 3;
    sg = 3 * size;
    sb = 3 * size * size;
    int[][] offs = {offR, offG, offB};
    float[][] fracs = {fr, fg, fb};
    int[] strides = {sr, sg, sb};
    for (int c = 0; c < 3; c++) {
      for (int v = 0; v < 256; v++) {
        double s = lut.domain().normalise(c, v / 255.0) * n;
        if (interpolation == Interpolation.NEAREST) {
          offs[c][v] = (int) (s + 0.5) * strides[c];
          continue;
        }
        int i0 = Math.min((int) s, n - 1);
        offs[c][v] = i0 * strides[c];
        fracs[c][v] = (float) (s - i0);
      }
    }
  }

  @Override
  public void apply(BgrFrame src, BgrFrame dst) {
    if (!src.sameSize(dst)) {
      throw new IllegalArgumentException("LUT source " + src + " and target " + dst + " differ");
    }
    int h = src.height();
    int tasks = (h + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
    IntStream.range(0, tasks)
        .parallel()
        .forEach(
            k -> {
              int y0 = k * ROWS_PER_TASK;
              int y1 = Math.min(h, y0 + ROWS_PER_TASK);
              rows(src.data(), dst.data(), 3 * y0 * src.width(), 3 * y1 * src.width());
            });
  }

  private void rows(byte[] s, byte[] d, int from, int to) {
    float[] t = this.t;
    for (int i = from; i < to; i += 3) {
      int b = s[i] & 0xff;
      int g = s[i + 1] & 0xff;
      int r = s[i + 2] & 0xff;
      int o = offR[r] + offG[g] + offB[b];
      if (interpolation == Interpolation.NEAREST) {
        d[i] = to8(t[o + 2]);
        d[i + 1] = to8(t[o + 1]);
        d[i + 2] = to8(t[o]);
      } else if (interpolation == Interpolation.TRILINEAR) {
        float dr = fr[r];
        float dg = fg[g];
        float db = fb[b];
        d[i] = to8(trilinear(t, o + 2, dr, dg, db));
        d[i + 1] = to8(trilinear(t, o + 1, dr, dg, db));
        d[i + 2] = to8(trilinear(t, o, dr, dg, db));
      } else {
        tetrahedral(t, o, fr[r], fg[g], fb[b], d, i);
      }
    }
  }

  private float trilinear(float[] t, int o, float dr, float dg, float db) {
    float c00 = t[o] + (t[o + sr] - t[o]) * dr;
    float c10 = t[o + sg] + (t[o + sg + sr] - t[o + sg]) * dr;
    float c01 = t[o + sb] + (t[o + sb + sr] - t[o + sb]) * dr;
    float c11 = t[o + sb + sg] + (t[o + sb + sg + sr] - t[o + sb + sg]) * dr;
    float c0 = c00 + (c10 - c00) * dg;
    float c1 = c01 + (c11 - c01) * dg;
    return c0 + (c1 - c0) * db;
  }

  /** The tetrahedron is chosen once per pixel and its four weights shared by the channels. */
  private void tetrahedral(float[] t, int o, float dr, float dg, float db, byte[] d, int i) {
    int a;
    int b;
    float w0;
    float w1;
    float w2;
    float w3;
    if (dr > dg) {
      if (dg > db) {
        a = sr;
        b = sr + sg;
        w0 = 1 - dr;
        w1 = dr - dg;
        w2 = dg - db;
        w3 = db;
      } else if (dr > db) {
        a = sr;
        b = sr + sb;
        w0 = 1 - dr;
        w1 = dr - db;
        w2 = db - dg;
        w3 = dg;
      } else {
        a = sb;
        b = sr + sb;
        w0 = 1 - db;
        w1 = db - dr;
        w2 = dr - dg;
        w3 = dg;
      }
    } else {
      if (db > dg) {
        a = sb;
        b = sg + sb;
        w0 = 1 - db;
        w1 = db - dg;
        w2 = dg - dr;
        w3 = dr;
      } else if (db > dr) {
        a = sg;
        b = sg + sb;
        w0 = 1 - dg;
        w1 = dg - db;
        w2 = db - dr;
        w3 = dr;
      } else {
        a = sg;
        b = sr + sg;
        w0 = 1 - dg;
        w1 = dg - dr;
        w2 = dr - db;
        w3 = db;
      }
    }
    int c = sr + sg + sb;
    d[i + 2] = to8(w0 * t[o] + w1 * t[o + a] + w2 * t[o + b] + w3 * t[o + c]);
    d[i + 1] = to8(w0 * t[o + 1] + w1 * t[o + a + 1] + w2 * t[o + b + 1] + w3 * t[o + c + 1]);
    d[i] = to8(w0 * t[o + 2] + w1 * t[o + a + 2] + w2 * t[o + b + 2] + w3 * t[o + c + 2]);
  }

  static byte to8(float v) {
    int q = (int) (v * 255f + 0.5f);
    return (byte) (q < 0 ? 0 : (q > 255 ? 255 : q));
  }
}
