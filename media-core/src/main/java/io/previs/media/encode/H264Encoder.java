package io.previs.media.encode;

import java.util.Locale;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.global.avcodec;

/** The H.264 encoders the stage can use, and the licence each brings. */
public enum H264Encoder {
  /** Cisco's OpenH264 (BSD), in the default LGPL FFmpeg natives. */
  OPENH264("libopenh264"),
  /** x264 (GPL-2.0+): only in the {@code linux-x86_64-gpl} natives, enabled with {@code -Dgpl}. */
  X264("libx264");

  private final String codecName;

  H264Encoder(String codecName) {
    this.codecName = codecName;
  }

  public String codecName() {
    return codecName;
  }

  public boolean available() {
    return isAvailable(codecName);
  }

  /** Fails with how to get the encoder when this FFmpeg build lacks it. */
  public void requireAvailable() {
    if (available()) {
      return;
    }
    if (this == X264) {
      throw new IllegalStateException(
          "encode.encoder x264: libx264 is not in this FFmpeg build. x264 is GPL and ships only"
              + " in the linux-x86_64-gpl natives: build with -Dgpl (the whole service then"
              + " becomes GPL-2.0-or-later), or use encode.encoder openh264");
    }
    throw new IllegalStateException("encode.encoder " + id() + ": " + codecName + " is missing");
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static H264Encoder parse(String s) {
    String k = s.trim().toLowerCase(Locale.ROOT);
    return switch (k) {
      case "openh264", "libopenh264" -> OPENH264;
      case "x264", "libx264" -> X264;
      default ->
          throw new IllegalArgumentException(
              "encode.encoder must be openh264 or x264, got '" + s + "'");
    };
  }

  static boolean isAvailable(String name) {
    io.previs.media.frames.FfmpegLog.quiet();
    AVCodec c = avcodec.avcodec_find_encoder_by_name(name);
    return c != null && !c.isNull();
  }
}
