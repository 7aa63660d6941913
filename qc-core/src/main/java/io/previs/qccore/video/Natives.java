package io.previs.qccore.video;

import org.bytedeco.ffmpeg.global.avutil;

/** One-time native setup shared by decoding and analysis. */
public final class Natives {

  private static volatile boolean ready;

  private Natives() {}

  /** FFmpeg logs every stream header at INFO; QC output is the report, so only errors pass. */
  public static void init() {
    if (!ready) {
      synchronized (Natives.class) {
        if (!ready) {
          avutil.av_log_set_level(avutil.AV_LOG_ERROR);
          ready = true;
        }
      }
    }
  }
}
