package io.previs.postprocess;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the post-processor makes of every clip. Checked at start-up: a bad value stops the service
 * with a message naming the property.
 *
 * @param output {@code source}, {@code 1080p}, {@code 2160p}, {@code WIDTHxHEIGHT} or a factor like
 *     {@code 2x}
 * @param superResolution {@code none}, {@code classical} (Lanczos + edge-aware sharpening) or
 *     {@code onnx:/path/model.onnx}; only used when the output is larger than the render
 * @param antiAlias edge smoothing strength 0..1 against jagged contours
 * @param look a generated look ({@code cold-night}, {@code warm-dusk}, {@code bleach-bypass},
 *     {@code teal-orange}) applied when the studio has no show LUT ({@code
 *     looks/<studio>/show.cube})
 * @param shotMatch match every shot's colour statistics to the first shot's (multi-shot animatics).
 *     Off by default: a statistics transfer between shots of different content (a red sunset cut to
 *     a blue night) repaints the second shot, which is a grading decision, not a safe default
 * @param encoder {@code openh264} (LGPL) or {@code x264} (needs the {@code -Dgpl} build)
 * @param crf H.264 quality, 0..51 (lower is better)
 * @param prores ProRes 422 mezzanine profile for editorial ({@code proxy}, {@code lt}, {@code
 *     standard}, {@code hq}), or empty for none
 * @param contactSheet make a grid of every variant of a shot once all variants are assembled
 */
@ConfigurationProperties("previs.postprocess")
public record PostprocessProperties(
    Path workDir,
    @DefaultValue("source") String output,
    @DefaultValue("classical") String superResolution,
    @DefaultValue("0") double antiAlias,
    String look,
    @DefaultValue("false") boolean whiteBalance,
    @DefaultValue("false") boolean exposure,
    @DefaultValue("false") boolean shotMatch,
    @DefaultValue("openh264") String encoder,
    @DefaultValue("20") int crf,
    String prores,
    @DefaultValue("true") boolean contactSheet,
    @DefaultValue("2") int concurrency) {

  public PostprocessProperties {
    if (workDir == null) {
      workDir = Path.of(System.getProperty("java.io.tmpdir"), "previs", "postprocess");
    }
  }
}
