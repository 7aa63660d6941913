package io.previs.media.frames;

import org.bytedeco.ffmpeg.global.avutil;

/** FFmpeg prints every stream header at INFO; the stage wants its errors only. */
public final class FfmpegLog {

  private static volatile boolean quiet;

  private FfmpegLog() {}

  public static void quiet() {
    if (!quiet) {
      synchronized (FfmpegLog.class) {
        if (!quiet) {
          avutil.av_log_set_level(avutil.AV_LOG_ERROR);
          quiet = true;
        }
      }
    }
  }
}
