package io.previs.media.encode;

import java.util.Locale;

/** ProRes 422 flavours of FFmpeg's {@code prores_ks} (all 10-bit 4:2:2). */
public enum ProResProfile {
  PROXY(0),
  LT(1),
  /** "ProRes 422": the usual editorial mezzanine. */
  STANDARD(2),
  HQ(3);

  private final int ffmpegProfile;

  ProResProfile(int ffmpegProfile) {
    this.ffmpegProfile = ffmpegProfile;
  }

  public int ffmpegProfile() {
    return ffmpegProfile;
  }

  public static ProResProfile parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "encode.proresProfile must be proxy, lt, standard or hq, got '" + s + "'", e);
    }
  }
}
