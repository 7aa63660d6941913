package io.previs.media.encode;

import io.previs.media.frames.BgrFrame;
import java.util.stream.IntStream;

/**
 * BGR to planar Y'CbCr with the BT.709 matrix in limited ("TV") range, the combination the outputs
 * are tagged with. JavaCV's own conversion would use BT.601 on an HD frame tagged 709 (a visible
 * hue shift in skin and sky); swscale with the 709 matrix is off by up to one level unless asked
 * for accurate rounding, which then costs more than this does (about 8 ms of one core per 1080p
 * frame here, split across cores by rows). Chroma is sited left, H.264's default and ProRes's: a [1
 * 2 1] filter across each pair of columns.
 */
final class YuvConverter {

  private static final double KR = 0.2126;
  private static final double KB = 0.0722;
  private static final double KG = 1 - KR - KB;

  // Y' and C' in 8-bit limited range per 8-bit input, 16.16 fixed point.
  private static final int YR = fix(219.0 / 255 * KR);
  private static final int YG = fix(219.0 / 255 * KG);
  private static final int YB = fix(219.0 / 255 * KB);
  private static final int UR = fix(224.0 / 255 * -KR / (2 * (1 - KB)));
  private static final int UG = fix(224.0 / 255 * -KG / (2 * (1 - KB)));
  private static final int UB = fix(224.0 / 255 * 0.5);
  private static final int VR = fix(224.0 / 255 * 0.5);
  private static final int VG = fix(224.0 / 255 * -KG / (2 * (1 - KR)));
  private static final int VB = fix(224.0 / 255 * -KB / (2 * (1 - KR)));

  private static final int ROWS_PER_TASK = 16;

  private YuvConverter() {}

  private static int fix(double v) {
    return (int) Math.round(v * 65536);
  }

  /** Bytes of planar 8-bit 4:2:0 (yuv420p). */
  public static int yuv420pSize(int w, int h) {
    return w * h + 2 * (w / 2) * (h / 2);
  }

  /** Bytes of planar 10-bit 4:2:2 in 16-bit words (yuv422p10le). */
  public static int yuv422p10Size(int w, int h) {
    return 2 * (w * h + 2 * (w / 2) * h);
  }

  /** Planar 8-bit 4:2:0 (FFmpeg's yuv420p) into {@code out}; w and h even. */
  public static void toYuv420p(BgrFrame f, byte[] out) {
    int w = f.width();
    int h = f.height();
    if ((w & 1) != 0 || (h & 1) != 0) {
      throw new IllegalArgumentException("4:2:0 needs an even frame size, got " + f);
    }
    if (out.length < yuv420pSize(w, h)) {
      throw new IllegalArgumentException("4:2:0 buffer too small for " + f);
    }
    byte[] s = f.data();
    int cw = w / 2;
    int uBase = w * h;
    int vBase = uBase + cw * (h / 2);
    int pairs = h / 2;
    int tasks = (pairs + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
    IntStream.range(0, tasks)
        .parallel()
        .forEach(
            t -> {
              int p1 = Math.min(pairs, (t + 1) * ROWS_PER_TASK);
              for (int p = t * ROWS_PER_TASK; p < p1; p++) {
                lumaRow(s, out, 2 * p, w);
                lumaRow(s, out, 2 * p + 1, w);
                chromaRow420(s, out, 2 * p, w, uBase + p * cw, vBase + p * cw);
              }
            });
  }

  /** Planar 10-bit 4:2:2 (FFmpeg's yuv422p10le) into {@code out}; w even. */
  public static void toYuv422p10(BgrFrame f, byte[] out) {
    int w = f.width();
    int h = f.height();
    if ((w & 1) != 0) {
      throw new IllegalArgumentException("4:2:2 needs an even frame width, got " + f);
    }
    if (out.length < yuv422p10Size(w, h)) {
      throw new IllegalArgumentException("4:2:2 buffer too small for " + f);
    }
    byte[] s = f.data();
    int cw = w / 2;
    int uBase = 2 * w * h;
    int vBase = uBase + 2 * cw * h;
    int tasks = (h + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
    IntStream.range(0, tasks)
        .parallel()
        .forEach(
            t -> {
              int y1 = Math.min(h, (t + 1) * ROWS_PER_TASK);
              for (int y = t * ROWS_PER_TASK; y < y1; y++) {
                int i = 3 * y * w;
                int o = 2 * y * w;
                for (int x = 0; x < w; x++, i += 3, o += 2) {
                  int b = s[i] & 0xff;
                  int g = s[i + 1] & 0xff;
                  int r = s[i + 2] & 0xff;
                  // Two more bits than the 8-bit result: shift by 14 instead of 16.
                  put16(out, o, (YR * r + YG * g + YB * b + (16 << 16) + 8192) >> 14);
                }
                int row = 3 * y * w;
                for (int cx = 0; cx < cw; cx++) {
                  int c = row + 6 * cx;
                  int l = cx == 0 ? c : c - 3;
                  int n = c + 3;
                  int bs = (s[l] & 0xff) + 2 * (s[c] & 0xff) + (s[n] & 0xff);
                  int gs = (s[l + 1] & 0xff) + 2 * (s[c + 1] & 0xff) + (s[n + 1] & 0xff);
                  int rs = (s[l + 2] & 0xff) + 2 * (s[c + 2] & 0xff) + (s[n + 2] & 0xff);
                  // Taps weigh 4 = the 2 extra bits of 10-bit output: shift by 16.
                  int u = ((UR * rs + UG * gs + UB * bs) + (512 << 16) + 32768) >> 16;
                  int v = ((VR * rs + VG * gs + VB * bs) + (512 << 16) + 32768) >> 16;
                  put16(out, uBase + 2 * (y * cw + cx), clamp(u, 64, 960));
                  put16(out, vBase + 2 * (y * cw + cx), clamp(v, 64, 960));
                }
              }
            });
  }

  private static void lumaRow(byte[] s, byte[] out, int y, int w) {
    int i = 3 * y * w;
    int o = y * w;
    for (int x = 0; x < w; x++, i += 3) {
      int b = s[i] & 0xff;
      int g = s[i + 1] & 0xff;
      int r = s[i + 2] & 0xff;
      out[o + x] = (byte) ((YR * r + YG * g + YB * b + (16 << 16) + 32768) >> 16);
    }
  }

  /** One chroma row from luma rows y and y+1: taps [1 2 1] across, both rows, weight 8. */
  private static void chromaRow420(byte[] s, byte[] out, int y, int w, int uo, int vo) {
    int r0 = 3 * y * w;
    int r1 = r0 + 3 * w;
    int cw = w / 2;
    for (int cx = 0; cx < cw; cx++) {
      int c = 6 * cx;
      int l = cx == 0 ? c : c - 3;
      int n = c + 3;
      int bs =
          (s[r0 + l] & 0xff)
              + 2 * (s[r0 + c] & 0xff)
              + (s[r0 + n] & 0xff)
              + (s[r1 + l] & 0xff)
              + 2 * (s[r1 + c] & 0xff)
              + (s[r1 + n] & 0xff);
      int gs =
          (s[r0 + l + 1] & 0xff)
              + 2 * (s[r0 + c + 1] & 0xff)
              + (s[r0 + n + 1] & 0xff)
              + (s[r1 + l + 1] & 0xff)
              + 2 * (s[r1 + c + 1] & 0xff)
              + (s[r1 + n + 1] & 0xff);
      int rs =
          (s[r0 + l + 2] & 0xff)
              + 2 * (s[r0 + c + 2] & 0xff)
              + (s[r0 + n + 2] & 0xff)
              + (s[r1 + l + 2] & 0xff)
              + 2 * (s[r1 + c + 2] & 0xff)
              + (s[r1 + n + 2] & 0xff);
      out[uo + cx] = (byte) clamp(((UR * rs + UG * gs + UB * bs + (1 << 18)) >> 19) + 128, 16, 240);
      out[vo + cx] = (byte) clamp(((VR * rs + VG * gs + VB * bs + (1 << 18)) >> 19) + 128, 16, 240);
    }
  }

  private static void put16(byte[] out, int o, int v) {
    out[o] = (byte) v;
    out[o + 1] = (byte) (v >> 8);
  }

  private static int clamp(int v, int lo, int hi) {
    return v < lo ? lo : (v > hi ? hi : v);
  }
}
