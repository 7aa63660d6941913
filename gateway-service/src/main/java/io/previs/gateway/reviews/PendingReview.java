package io.previs.gateway.reviews;

import java.time.Instant;
import java.util.List;

/**
 * A variant waiting for a person, with links to look at it.
 *
 * @param hold {@code likeness} when the content policy holds it: ops decide, and only ops get the
 *     video and poster links
 */
record PendingReview(
    String jobId,
    String studio,
    String clientJobId,
    int variant,
    long seed,
    List<String> reasons,
    String video,
    String poster,
    String qcReport,
    Instant linksExpireAt,
    String hold) {}
