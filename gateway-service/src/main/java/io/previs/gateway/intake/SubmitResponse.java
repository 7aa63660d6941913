package io.previs.gateway.intake;

import java.util.Map;

/**
 * The answer to POST /v1/jobs.
 *
 * @param status "submitted" (202: queued for intake) or "duplicate" (200: already known, nothing
 *     new)
 * @param links self, events (SSE) and the job list
 */
public record SubmitResponse(String jobId, String status, Map<String, String> links) {}
