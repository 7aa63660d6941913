package io.previs.gateway.jobs;

import java.util.Map;

/**
 * A search over the caller's jobs.
 *
 * @param studio ops and platform only: one studio's jobs (null: all they may see)
 * @param status one status, or null
 * @param labels every one must match (key → value)
 * @param text case-insensitive substring of the client job id or any shot's prompt, or null
 * @param since jobs submitted at or after this instant, or null for any
 * @param cursor from the previous page's {@code nextCursor}, or null for the first page
 */
public record JobQuery(
    String studio,
    JobStatus status,
    Map<String, String> labels,
    String text,
    java.time.Instant since,
    String cursor,
    int limit) {}
