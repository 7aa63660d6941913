package io.previs.gateway.intake;

import io.previs.contracts.job.JobIds;
import io.previs.gateway.jobs.JobStatus;
import java.util.function.Function;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Gives a submission its identity before it is queued for a decision: the clientJobId when the
 * client sent none, and the job id it is keyed by on previs.jobs.intake. The one place both intake
 * paths (REST and the submit topic) derive them, so a job's submissions meet on one partition.
 */
final class Submissions {

  private Submissions() {}

  /**
   * @param jobId the key on previs.jobs.intake: the job's id, or {@code rejected-<submission>} when
   *     the request's studio or clientJobId cannot name a job (it will be rejected, and the
   *     rejection is filed under this id)
   * @param request the request as it is queued: the client's, with a clientJobId filled in
   */
  record Assigned(String jobId, String clientJobId, ObjectNode request) {}

  /**
   * @param submissionId the submission's own id
   * @param inventClientJobId the clientJobId for a request that brings none
   * @param origin a request naming no studio is the origin's proven studio's
   */
  static Assigned assign(
      ObjectNode request, String submissionId, Supplier<String> inventClientJobId, Origin origin) {
    return assign(request, submissionId, inventClientJobId, origin, jobId -> null);
  }

  /**
   * @param statusOf the status of a known job, null for an unknown one: with {@code newAttempt}, a
   *     clientJobId whose job was cancelled or failed moves on to its next attempt's id ({@code
   *     <id>/attempt-2}, …), so the new attempt is a job of its own and a resubmission of the same
   *     request meets it (idempotent, like any submission)
   */
  static Assigned assign(
      ObjectNode request,
      String submissionId,
      Supplier<String> inventClientJobId,
      Origin origin,
      Function<String, JobStatus> statusOf) {
    JsonNode st = request.get("studio");
    if ((st == null || st.isNull()) && origin.studio() != null) {
      request.put("studio", origin.studio()); // the studio the credentials or the topic prove
    }
    JsonNode c = request.get("clientJobId");
    if (c == null || c.isNull()) {
      request.put("clientJobId", inventClientJobId.get());
    }
    String studio = text(request, "studio");
    String clientJobId = text(request, "clientJobId");
    // A body claiming a studio its origin does not prove gets no job id in that studio: its
    // rejection must not land in (or squat an id of) the studio it claimed.
    boolean named =
        studio != null
            && clientJobId != null
            && RequestValidator.STUDIO.matcher(studio).matches()
            && RequestValidator.CLIENT_JOB_ID.matcher(clientJobId).matches()
            && (origin.studio() == null || origin.studio().equals(studio));
    JsonNode again = request.get("newAttempt");
    if (named && again != null && again.isBoolean() && again.asBoolean()) {
      String base = clientJobId;
      int attempt = 1;
      JobStatus s = statusOf.apply(JobIds.jobId(studio, base));
      while (s == JobStatus.CANCELLED || s == JobStatus.FAILED) {
        attempt++;
        clientJobId = base + "/attempt-" + attempt;
        s = statusOf.apply(JobIds.jobId(studio, clientJobId));
      }
      request.put("clientJobId", clientJobId);
      named = RequestValidator.CLIENT_JOB_ID.matcher(clientJobId).matches();
    }
    return new Assigned(
        named ? JobIds.jobId(studio, clientJobId) : "rejected-" + submissionId,
        clientJobId,
        request);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isString() ? v.asString() : null;
  }
}
