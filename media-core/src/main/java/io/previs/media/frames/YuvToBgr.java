package io.previs.media.frames;

import java.nio.ByteBuffer;
import java.util.stream.IntStream;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVPixFmtDescriptor;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * Planar 8-bit Y'CbCr 4:4:4 to BGR with the matrix and range the stream is tagged with. swscale, as
 * JavaCV drives it, converts every Y'CbCr stream with BT.601, which turns BT.709 deliveries (all
 * HD, and everything {@code VideoWriter} writes) visibly off: up to 20 levels on saturated colours.
 * JavaCV still does the chroma upsampling and any bit-depth change (Y'CbCr to Y'CbCr: no matrix
 * involved); the matrix is applied here.
 */
final class YuvToBgr {

  private static final int ROWS_PER_TASK = 16;

  // 16.16 fixed point contributions per 8-bit code value.
  private final int[] luma = new int[256];
  private final int[] crToR = new int[256];
  private final int[] cbToB = new int[256];
  private final int[] crToG = new int[256];
  private final int[] cbToG = new int[256];
  private final String description;
  private byte[] planes = new byte[0];

  YuvToBgr(double kr, double kb, boolean fullRange, String description) {
    this.description = description;
    double kg = 1 - kr - kb;
    double ys = fullRange ? 1 : 255.0 / 219;
    double cs = fullRange ? 1 : 255.0 / 224;
    int y0 = fullRange ? 0 : 16;
    for (int v = 0; v < 256; v++) {
      double c = (v - 128) * cs;
      luma[v] = fix((v - y0) * ys);
      crToR[v] = fix(2 * (1 - kr) * c);
      cbToB[v] = fix(2 * (1 - kb) * c);
      crToG[v] = fix(-2 * kr * (1 - kr) / kg * c);
      cbToG[v] = fix(-2 * kb * (1 - kb) / kg * c);
    }
  }

  /**
   * What the Y'CbCr planes JavaCV hands over mean. A stream decoded from RGB (FFV1 shards) was
   * converted by swscale with its BT.601 limited-range default, so that is undone; a Y'CbCr stream
   * keeps its own tags, with untagged streams read as players read them (BT.709 from 720 lines up,
   * BT.601 below). JPEG-range {@code yuvj} formats arrive already brought to limited range.
   */
  static YuvToBgr forStream(AVCodecParameters par) {
    int fmt = par.format();
    AVPixFmtDescriptor desc = fmt >= 0 ? avutil.av_pix_fmt_desc_get(fmt) : null;
    if (desc != null && (desc.flags() & avutil.AV_PIX_FMT_FLAG_RGB) != 0) {
      return new YuvToBgr(0.299, 0.114, false, "BT.601 (swscale's, from RGB)");
    }
    boolean yuvj =
        fmt == avutil.AV_PIX_FMT_YUVJ420P
            || fmt == avutil.AV_PIX_FMT_YUVJ422P
            || fmt == avutil.AV_PIX_FMT_YUVJ444P
            || fmt == avutil.AV_PIX_FMT_YUVJ440P
            || fmt == avutil.AV_PIX_FMT_YUVJ411P;
    boolean full = !yuvj && par.color_range() == avutil.AVCOL_RANGE_JPEG;
    String range = full ? " full range" : "";
    int cs = par.color_space();
    if (cs == avutil.AVCOL_SPC_BT2020_NCL || cs == avutil.AVCOL_SPC_BT2020_CL) {
      return new YuvToBgr(0.2627, 0.0593, full, "BT.2020" + range);
    }
    boolean sd =
        cs == avutil.AVCOL_SPC_BT470BG
            || cs == avutil.AVCOL_SPC_SMPTE170M
            || (cs != avutil.AVCOL_SPC_BT709 && par.height() < 720);
    return sd
        ? new YuvToBgr(0.299, 0.114, full, "BT.601" + range)
        : new YuvToBgr(0.2126, 0.0722, full, "BT.709" + range);
  }

  private static int fix(double v) {
    return (int) Math.round(v * 65536);
  }

  /** Converts a {@code yuv444p} frame (JavaCV's converted picture) into {@code out}. */
  void convert(AVFrame yuv444p, BgrFrame out) {
    int w = out.width();
    int h = out.height();
    int plane = w * h;
    if (planes.length != 3 * plane) {
      planes = new byte[3 * plane];
    }
    for (int p = 0; p < 3; p++) {
      int stride = yuv444p.linesize(p);
      ByteBuffer src = yuv444p.data(p).capacity((long) stride * h).asBuffer();
      for (int y = 0; y < h; y++) {
        src.get(y * stride, planes, p * plane + y * w, w);
      }
    }
    byte[] yuv = planes;
    byte[] d = out.data();
    int tasks = (h + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
    IntStream.range(0, tasks)
        .parallel()
        .forEach(
            t -> {
              int end = Math.min(h, (t + 1) * ROWS_PER_TASK) * w;
              for (int i = t * ROWS_PER_TASK * w, o = 3 * i; i < end; i++, o += 3) {
                int l = luma[yuv[i] & 0xff] + 32768;
                int cb = yuv[plane + i] & 0xff;
                int cr = yuv[2 * plane + i] & 0xff;
                d[o] = clamp((l + cbToB[cb]) >> 16);
                d[o + 1] = clamp((l + crToG[cr] + cbToG[cb]) >> 16);
                d[o + 2] = clamp((l + crToR[cr]) >> 16);
              }
            });
  }

  private static byte clamp(int v) {
    return (byte) (v < 0 ? 0 : (v > 255 ? 255 : v));
  }

  @Override
  public String toString() {
    return description;
  }
}
