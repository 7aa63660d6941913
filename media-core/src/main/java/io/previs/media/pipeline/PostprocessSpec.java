package io.previs.media.pipeline;

import io.previs.media.encode.ClipMetadata;
import io.previs.media.encode.H264Settings;
import io.previs.media.encode.ProResProfile;
import io.previs.media.frames.Fps;

/**
 * Everything the post-processing stage does to one (job, variant). Build with {@link #builder}:
 * every field has a default, listed in docs/POSTPROCESS.md.
 *
 * @param output encoded size (default: source size)
 * @param sr super-resolution (default: none, i.e. plain resampling if the size changes)
 * @param antiAlias edge anti-aliasing strength 0..1 at source size (default 0.5; 0 off)
 * @param color LUT or look, white balance, exposure, shot matching (default: none)
 * @param h264 H.264 encoder and rate control (default openh264, QP 20)
 * @param prores ProRes 422 mezzanine profile, or null for none (default none)
 * @param poster poster frame (default the middle frame)
 * @param posterQuality poster JPEG quality 1..100 (default 90)
 * @param metadata job id, prompt, seed, model (+ extras), written into every output
 * @param fps output frame rate, or null for the first shot's (default)
 * @param analysisFrames frames per shot read ahead for white balance, exposure and shot matching
 *     statistics (default 12, at most 120)
 */
public record PostprocessSpec(
    OutputSize output,
    SrSpec sr,
    double antiAlias,
    ColorSpec color,
    H264Settings h264,
    ProResProfile prores,
    PosterFrame poster,
    int posterQuality,
    ClipMetadata metadata,
    Fps fps,
    int analysisFrames) {

  public static final int MAX_ANALYSIS_FRAMES = 120;

  public PostprocessSpec {
    if (metadata == null) {
      throw new IllegalArgumentException("metadata is required (job id, prompt, seed, model)");
    }
    output = output == null ? OutputSize.source() : output;
    sr = sr == null ? SrSpec.NONE : sr;
    color = color == null ? ColorSpec.NONE : color;
    h264 = h264 == null ? H264Settings.DEFAULT : h264;
    poster = poster == null ? PosterFrame.MIDDLE : poster;
    if (!(antiAlias >= 0 && antiAlias <= 1)) {
      throw new IllegalArgumentException("antiAlias " + antiAlias + " is out of range 0..1");
    }
    if (posterQuality < 1 || posterQuality > 100) {
      throw new IllegalArgumentException(
          "poster.quality " + posterQuality + " is out of range 1..100");
    }
    if (analysisFrames < 1 || analysisFrames > MAX_ANALYSIS_FRAMES) {
      throw new IllegalArgumentException(
          "analysisFrames " + analysisFrames + " is out of range 1.." + MAX_ANALYSIS_FRAMES);
    }
  }

  public static Builder builder(ClipMetadata metadata) {
    return new Builder(metadata);
  }

  public Builder toBuilder() {
    Builder b = new Builder(metadata);
    b.output = output;
    b.sr = sr;
    b.antiAlias = antiAlias;
    b.color = color;
    b.h264 = h264;
    b.prores = prores;
    b.poster = poster;
    b.posterQuality = posterQuality;
    b.fps = fps;
    b.analysisFrames = analysisFrames;
    return b;
  }

  /** Fluent construction with the documented defaults. */
  public static final class Builder {
    private final ClipMetadata metadata;
    private OutputSize output = OutputSize.source();
    private SrSpec sr = SrSpec.NONE;
    private double antiAlias = 0.5;
    private ColorSpec color = ColorSpec.NONE;
    private H264Settings h264 = H264Settings.DEFAULT;
    private ProResProfile prores;
    private PosterFrame poster = PosterFrame.MIDDLE;
    private int posterQuality = 90;
    private Fps fps;
    private int analysisFrames = 12;

    private Builder(ClipMetadata metadata) {
      this.metadata = metadata;
    }

    public Builder output(OutputSize v) {
      output = v;
      return this;
    }

    public Builder sr(SrSpec v) {
      sr = v;
      return this;
    }

    public Builder antiAlias(double v) {
      antiAlias = v;
      return this;
    }

    public Builder color(ColorSpec v) {
      color = v;
      return this;
    }

    public Builder h264(H264Settings v) {
      h264 = v;
      return this;
    }

    public Builder prores(ProResProfile v) {
      prores = v;
      return this;
    }

    public Builder poster(PosterFrame v) {
      poster = v;
      return this;
    }

    public Builder posterQuality(int v) {
      posterQuality = v;
      return this;
    }

    public Builder fps(Fps v) {
      fps = v;
      return this;
    }

    public Builder analysisFrames(int v) {
      analysisFrames = v;
      return this;
    }

    public PostprocessSpec build() {
      return new PostprocessSpec(
          output,
          sr,
          antiAlias,
          color,
          h264,
          prores,
          poster,
          posterQuality,
          metadata,
          fps,
          analysisFrames);
    }
  }
}
