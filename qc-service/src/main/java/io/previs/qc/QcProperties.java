package io.previs.qc;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param workDir scratch space for downloaded clips
 * @param concurrency clips checked in parallel
 * @param profiles house QC profiles (JSON files overriding the default thresholds), applied in
 *     order at start-up; a studio's own profile in object storage ({@code
 *     qc-profiles/<studio>.json}) is applied on top for that studio's clips
 * @param maxRegenerations how many times a variant that fails QC is rendered again with a new seed
 *     (0 switches regeneration off), 0..10
 */
@ConfigurationProperties("previs.qc")
public record QcProperties(
    Path workDir,
    @DefaultValue("1") int concurrency,
    List<Path> profiles,
    @DefaultValue("2") int maxRegenerations) {

  public static final int MAX_REGENERATIONS_LIMIT = 10;

  public QcProperties {
    if (workDir == null) {
      workDir = Path.of(System.getProperty("java.io.tmpdir"), "previs", "qc");
    }
    profiles = profiles == null ? List.of() : List.copyOf(profiles);
    if (concurrency < 1 || concurrency > 64) {
      throw new IllegalArgumentException(
          "previs.qc.concurrency: " + concurrency + " is outside 1..64");
    }
    if (maxRegenerations < 0 || maxRegenerations > MAX_REGENERATIONS_LIMIT) {
      throw new IllegalArgumentException(
          "previs.qc.max-regenerations: "
              + maxRegenerations
              + " is outside 0.."
              + MAX_REGENERATIONS_LIMIT);
    }
  }
}
