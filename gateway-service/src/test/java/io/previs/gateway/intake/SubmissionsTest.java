package io.previs.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.contracts.job.JobIds;
import io.previs.gateway.input.StrictJson;
import io.previs.gateway.jobs.JobStatus;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class SubmissionsTest {

  private static final Origin ACME = SubmitTopicListener.originOf("previs.jobs.submit.acme");

  private final Map<String, JobStatus> known = new HashMap<>();

  private Submissions.Assigned assign(String json) {
    ObjectNode tree = (ObjectNode) StrictJson.object(json.getBytes());
    return Submissions.assign(tree, "s-1", () -> "auto-1", ACME, known::get);
  }

  @Test
  void aNewAttemptOfACancelledJobIsTheNextAttemptsJob() {
    known.put(JobIds.jobId("acme", "sh010"), JobStatus.CANCELLED);
    known.put(JobIds.jobId("acme", "sh010/attempt-2"), JobStatus.FAILED);

    Submissions.Assigned a = assign("{\"clientJobId\":\"sh010\",\"newAttempt\":true}");

    assertThat(a.clientJobId()).isEqualTo("sh010/attempt-3");
    assertThat(a.jobId()).isEqualTo(JobIds.jobId("acme", "sh010/attempt-3"));
    assertThat(a.request().get("clientJobId").asString()).isEqualTo("sh010/attempt-3");
  }

  @Test
  void withoutNewAttemptOrWhileTheJobLivesTheClientJobIdNamesTheSameJob() {
    known.put(JobIds.jobId("acme", "sh010"), JobStatus.CANCELLED);
    assertThat(assign("{\"clientJobId\":\"sh010\"}").jobId())
        .isEqualTo(JobIds.jobId("acme", "sh010"));

    known.put(JobIds.jobId("acme", "sh011"), JobStatus.RENDERING);
    assertThat(assign("{\"clientJobId\":\"sh011\",\"newAttempt\":true}").jobId())
        .as("a running job is not attempted again: the resubmission is its duplicate")
        .isEqualTo(JobIds.jobId("acme", "sh011"));

    assertThat(assign("{\"clientJobId\":\"sh012\",\"newAttempt\":true}").jobId())
        .as("nothing to attempt again: the first attempt")
        .isEqualTo(JobIds.jobId("acme", "sh012"));
  }
}
