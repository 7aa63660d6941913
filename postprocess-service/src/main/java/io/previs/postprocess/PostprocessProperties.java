package io.previs.postprocess;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param workDir scratch space for downloaded shards and encoded outputs
 * @param videoBitrate H.264 target bitrate in bits per second for the review MP4
 * @param concurrency variants assembled in parallel (each keyed partition is still sequential)
 */
@ConfigurationProperties("previs.postprocess")
public record PostprocessProperties(
    Path workDir, @DefaultValue("8000000") int videoBitrate, @DefaultValue("2") int concurrency) {

  public PostprocessProperties {
    if (workDir == null) {
      workDir = Path.of(System.getProperty("java.io.tmpdir"), "previs", "postprocess");
    }
  }
}
