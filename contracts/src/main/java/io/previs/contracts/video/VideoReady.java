package io.previs.contracts.video;

import io.previs.contracts.job.JobScoped;
import java.time.Instant;

/**
 * A variant's deliverables are in object storage ({@code previs.videos.ready}, keyed by job id).
 * The URLs are presigned and short-lived; the keys are permanent. {@code proresKey} (with its URL)
 * is the ProRes 422 mezzanine for editorial, when the service is configured to make one, else null.
 */
public record VideoReady(
    int schemaVersion,
    String jobId,
    String studio,
    int variant,
    int variantCount,
    long seed,
    String modelId,
    String prompt,
    String videoKey,
    String posterKey,
    String videoUrl,
    String posterUrl,
    Instant urlsExpireAt,
    int frames,
    int width,
    int height,
    int fps,
    double durationSeconds,
    String proresKey,
    String proresUrl)
    implements JobScoped {

  public static final int SCHEMA_VERSION = 1;
}
