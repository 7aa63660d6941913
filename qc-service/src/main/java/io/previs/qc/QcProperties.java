package io.previs.qc;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param workDir scratch space for downloaded clips
 * @param concurrency clips checked in parallel
 */
@ConfigurationProperties("previs.qc")
public record QcProperties(Path workDir, @DefaultValue("1") int concurrency) {

  public QcProperties {
    if (workDir == null) {
      workDir = Path.of(System.getProperty("java.io.tmpdir"), "previs", "qc");
    }
  }
}
