package io.previs.media.encode;

/**
 * H.264 rate control and GOP.
 *
 * @param encoder openh264 (default, LGPL build) or x264 (GPL build)
 * @param crf quality, 0..51, lower is better (default 20). x264: its CRF. OpenH264 has no CRF: it
 *     runs with rate control off at this constant QP, which lands close in size and quality
 * @param bitrateKbps if &gt; 0, target bitrate instead of quality (x264: ABR with a 2 s buffer;
 *     OpenH264: its bitrate mode)
 * @param x264Preset x264 speed/size trade-off (ultrafast..veryslow; default medium)
 * @param keyframeSeconds maximum keyframe interval (default 2 s: web players seek to keyframes)
 */
public record H264Settings(
    H264Encoder encoder, int crf, int bitrateKbps, String x264Preset, double keyframeSeconds) {

  private static final java.util.Set<String> PRESETS =
      java.util.Set.of(
          "ultrafast",
          "superfast",
          "veryfast",
          "faster",
          "fast",
          "medium",
          "slow",
          "slower",
          "veryslow",
          "placebo");

  public static final H264Settings DEFAULT =
      new H264Settings(H264Encoder.OPENH264, 20, 0, "medium", 2.0);

  public H264Settings {
    if (encoder == null) {
      throw new IllegalArgumentException("encode.encoder is required");
    }
    if (crf < 0 || crf > 51) {
      throw new IllegalArgumentException("encode.crf " + crf + " is out of range 0..51");
    }
    if (bitrateKbps < 0 || bitrateKbps > 500_000) {
      throw new IllegalArgumentException(
          "encode.bitrateKbps " + bitrateKbps + " is out of range 0..500000 (0: use crf)");
    }
    if (x264Preset == null || !PRESETS.contains(x264Preset)) {
      throw new IllegalArgumentException(
          "encode.x264Preset '"
              + x264Preset
              + "' is not one of "
              + new java.util.TreeSet<>(PRESETS));
    }
    if (!(keyframeSeconds > 0 && keyframeSeconds <= 20)) {
      throw new IllegalArgumentException(
          "encode.keyframeSeconds " + keyframeSeconds + " is out of range (0, 20]");
    }
  }

  public H264Settings withEncoder(H264Encoder e) {
    return new H264Settings(e, crf, bitrateKbps, x264Preset, keyframeSeconds);
  }

  public H264Settings withCrf(int q) {
    return new H264Settings(encoder, q, bitrateKbps, x264Preset, keyframeSeconds);
  }

  public H264Settings withBitrateKbps(int kbps) {
    return new H264Settings(encoder, crf, kbps, x264Preset, keyframeSeconds);
  }

  public H264Settings withX264Preset(String preset) {
    return new H264Settings(encoder, crf, bitrateKbps, preset, keyframeSeconds);
  }
}
