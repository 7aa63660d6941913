package io.previs.postprocess.spec;

import io.previs.contracts.shard.ShardRendered;
import io.previs.contracts.storage.ObjectKeys;
import io.previs.media.color.Interpolation;
import io.previs.media.color.Look;
import io.previs.media.encode.ClipMetadata;
import io.previs.media.encode.H264Encoder;
import io.previs.media.encode.H264Settings;
import io.previs.media.encode.ProResProfile;
import io.previs.media.pipeline.ColorSpec;
import io.previs.media.pipeline.OutputSize;
import io.previs.media.pipeline.PosterFrame;
import io.previs.media.pipeline.PostprocessSpec;
import io.previs.media.pipeline.SrSpec;
import io.previs.postprocess.PostprocessProperties;
import io.previs.servicekit.storage.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Turns the service's configuration (checked once, at start-up) and a studio's show LUT into the
 * media library's spec for one variant.
 */
@Component
public class ClipSpecs {

  private final ObjectStore store;
  private final PostprocessProperties props;
  private final OutputSize output;
  private final SrSpec sr;
  private final Look look;
  private final H264Settings h264;
  private final ProResProfile prores;

  public ClipSpecs(ObjectStore store, PostprocessProperties props) {
    this.store = store;
    this.props = props;
    this.output = output(props.output());
    this.sr = sr(props.superResolution());
    this.look = props.look() == null || props.look().isBlank() ? null : Look.parse(props.look());
    H264Encoder encoder =
        switch (props.encoder().toLowerCase(Locale.ROOT)) {
          case "openh264" -> H264Encoder.OPENH264;
          case "x264" -> H264Encoder.X264;
          default ->
              throw new IllegalArgumentException(
                  "previs.postprocess.encoder: '" + props.encoder() + "' is not openh264 or x264");
        };
    this.h264 = new H264Settings(encoder, props.crf(), 0, "medium", 2.0);
    this.prores =
        props.prores() == null || props.prores().isBlank()
            ? null
            : ProResProfile.parse(props.prores());
  }

  /** The H.264 settings every clip is encoded with (the animatic too). */
  public H264Settings h264() {
    return h264;
  }

  public PostprocessSpec forVariant(ShardRendered r, int shots) {
    ClipMetadata metadata =
        new ClipMetadata(
            r.jobId(),
            r.prompt() == null ? "" : r.prompt(),
            r.seed(),
            r.modelId(),
            Map.of("studio", r.studio(), "variant", Integer.toString(r.variant())));
    Path showLut = showLut(r.studio());
    ColorSpec color =
        new ColorSpec(
            showLut,
            showLut == null ? look : null,
            Interpolation.TETRAHEDRAL,
            props.whiteBalance(),
            props.exposure(),
            props.shotMatch() && shots > 1,
            0);
    return PostprocessSpec.builder(metadata)
        .output(output)
        .sr(sr)
        .antiAlias(props.antiAlias())
        .color(color)
        .h264(h264)
        .prores(prores)
        .poster(PosterFrame.MIDDLE)
        .build();
  }

  /** The studio's show LUT, mirrored from object storage (re-fetched when its size changes). */
  private Path showLut(String studio) {
    if (!store.exists(ObjectKeys.showLut(studio))) {
      return null;
    }
    Path dir =
        store.mirror("looks/" + studio + "/", props.workDir().resolve("looks").resolve(studio));
    Path lut = dir.resolve("show.cube");
    return Files.exists(lut) ? lut : null;
  }

  static OutputSize output(String s) {
    String v = s.trim().toLowerCase(Locale.ROOT);
    try {
      if (v.matches("\\d+(\\.\\d+)?x")) {
        return OutputSize.scale(Double.parseDouble(v.substring(0, v.length() - 1)));
      }
      if (v.matches("\\d+x\\d+")) {
        String[] wh = v.split("x");
        return OutputSize.exact(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]));
      }
      return switch (v) {
        case "source" -> OutputSize.source();
        case "720p" -> OutputSize.exact(1280, 720);
        case "1080p" -> OutputSize.exact(1920, 1080);
        case "2160p", "4k", "uhd" -> OutputSize.exact(3840, 2160);
        default -> throw new IllegalArgumentException("unknown size");
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "previs.postprocess.output: '"
              + s
              + "' must be source, 720p, 1080p, 2160p, WIDTHxHEIGHT or a factor like 2x ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  static SrSpec sr(String s) {
    String v = s.trim();
    if (v.equalsIgnoreCase("none")) {
      return SrSpec.NONE;
    }
    if (v.equalsIgnoreCase("classical")) {
      return SrSpec.CLASSICAL;
    }
    if (v.toLowerCase(Locale.ROOT).startsWith("onnx:")) {
      Path model = Path.of(v.substring(5));
      if (!Files.isRegularFile(model)) {
        throw new IllegalArgumentException(
            "previs.postprocess.super-resolution: model " + model + " does not exist");
      }
      return SrSpec.onnx(model);
    }
    throw new IllegalArgumentException(
        "previs.postprocess.super-resolution: '"
            + s
            + "' must be none, classical or onnx:/path/to/model.onnx");
  }
}
