package io.previs.gateway.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A job with download links: {@link JobView} plus presigned URLs for each variant's deliverables,
 * minted on every request and valid until {@code linksExpireAt}.
 */
record JobResource(
    JobView job,
    List<VariantLinks> downloads,
    Map<String, String> artifacts,
    Instant linksExpireAt) {

  /**
   * @param held why {@code video} and {@code poster} are withheld from the caller (the content
   *     policy holds the variant for ops), or null
   */
  public record VariantLinks(
      int variant,
      long seed,
      String video,
      String poster,
      String qcReport,
      String verdict,
      String held) {}
}
