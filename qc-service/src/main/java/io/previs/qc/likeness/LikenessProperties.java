package io.previs.qc.likeness;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The output side of the real-person likeness policy (docs/POLICY.md).
 *
 * @param enabled compare every clip's faces with the protected gallery in storage
 * @param threshold LBPH chi-square distance at or below which a face is taken for a protected
 *     person's (lower: fewer holds, more misses); 1..200
 */
@ConfigurationProperties("previs.qc.likeness")
public record LikenessProperties(
    @DefaultValue("true") boolean enabled, @DefaultValue("23.0") double threshold) {

  public LikenessProperties {
    if (!(threshold >= 1 && threshold <= 200)) {
      throw new IllegalArgumentException(
          "previs.qc.likeness.threshold: " + threshold + " is outside 1..200");
    }
  }
}
