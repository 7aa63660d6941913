package io.previs.gateway.intake;

import java.util.Map;

/**
 * The answer to POST /v1/jobs, given once intake has decided: the job exists from this moment on,
 * on every gateway replica.
 *
 * @param status "accepted" (202: a new job) or "duplicate" (200: the job this clientJobId already
 *     names; nothing new is rendered)
 * @param clientJobId the request's, or the one intake gave a request that brought none (send it
 *     again to make a retry idempotent)
 * @param links self, events (SSE) and the job list
 */
record SubmitResponse(String jobId, String clientJobId, String status, Map<String, String> links) {}
