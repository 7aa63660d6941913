package io.previs.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEvent.FieldError;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.JobIds;
import io.previs.gateway.GatewayProperties;
import io.previs.gateway.input.StrictJson;
import io.previs.gateway.intake.Admission.Outcome;
import io.previs.gateway.jobs.JobFolder;
import io.previs.gateway.jobs.JobView;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdmissionTest {

  private final Admission admission =
      new Admission(
          new RequestValidator(RequestValidatorTest.MODELS, GatewayProperties.defaults()),
          null,
          null,
          new SimpleMeterRegistry(),
          null,
          null);

  private static final String JOB = JobIds.jobId("acme", "sh010");

  private static final Origin ACME_TOPIC = SubmitTopicListener.originOf("previs.jobs.submit.acme");

  private Admission.Decision decide(String json, String jobId, Map<String, JobView> known) {
    return decide(json, jobId, known, ACME_TOPIC);
  }

  private Admission.Decision decide(
      String json, String jobId, Map<String, JobView> known, Origin origin) {
    return admission.decide(
        StrictJson.object(json.getBytes()),
        jobId,
        "sub-1",
        origin,
        id -> Optional.ofNullable(known.get(id)));
  }

  private static JobView view(JobEventType type) {
    return JobFolder.fold(null, JobEvent.of(type, JOB, "acme", Instant.now()));
  }

  @Test
  void aBodyClaimingAnotherStudioThanItsTopicIsRejected() {
    var d =
        decide(
            "{\"studio\":\"globex\",\"clientJobId\":\"sh010\",\"prompt\":\"p\"}",
            "rejected-sub-1",
            Map.of());
    assertThat(d.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(d.studio()).as("filed under the proven studio").isEqualTo("acme");
    assertThat(d.errors())
        .contains(
            new FieldError(
                "studio",
                "'globex' is not acme, the studio whose topic this came from"
                    + " (previs.jobs.submit.acme)"));
  }

  @Test
  void onlyThePlatformMaySetLineageLabels() {
    String body =
        "{\"studio\":\"acme\",\"clientJobId\":\"sh010\",\"prompt\":\"p\","
            + "\"labels\":{\"previs.regeneration.of\":\"j-1\"}}";
    var forged = decide(body, JOB, Map.of());
    assertThat(forged.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(forged.errors())
        .containsExactly(
            new FieldError(
                "labels.previs.regeneration.of", "only the platform may set 'previs.' labels"));
    var regeneration =
        decide(body, JOB, Map.of(), SubmitTopicListener.originOf("previs.jobs.regenerate"));
    assertThat(regeneration.outcome()).isEqualTo(Outcome.ACCEPTED);
  }

  @Test
  void aNewValidRequestIsAcceptedUnderItsJobIdNamingTheSubmission() {
    var d =
        decide(
            "{\"studio\":\"acme\",\"clientJobId\":\"sh010\",\"prompt\":\"a castle\"}",
            JOB,
            Map.of());
    assertThat(d.outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(d.jobId()).isEqualTo(JOB);
    assertThat(d.submissionId()).isEqualTo("sub-1");
    assertThat(d.spec().clientJobId()).isEqualTo("sh010");
    assertThat(d.errors()).isEmpty();
  }

  @Test
  void aKnownJobIsADuplicateAndRendersNothing() {
    JobView existing = view(JobEventType.ACCEPTED);
    var d =
        decide(
            "{\"studio\":\"acme\",\"clientJobId\":\"sh010\",\"prompt\":\"another prompt\"}",
            JOB,
            Map.of(JOB, existing));
    assertThat(d.outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(d.existing()).isSameAs(existing);
  }

  @Test
  void aClientJobIdThatWasRejectedMayBeSubmittedAgainFixed() {
    var d =
        decide(
            "{\"studio\":\"acme\",\"clientJobId\":\"sh010\",\"prompt\":\"a castle\"}",
            JOB,
            Map.of(JOB, view(JobEventType.REJECTED)));
    assertThat(d.outcome()).isEqualTo(Outcome.ACCEPTED);
  }

  @Test
  void anInvalidRequestIsRejectedUnderTheIdItWasQueuedWith() {
    var d =
        decide("{\"studio\":\"Not A Studio\",\"clientJobId\":\"x\"}", "rejected-sub-1", Map.of());
    assertThat(d.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(d.jobId()).isEqualTo("rejected-sub-1");
    assertThat(d.errors()).extracting(FieldError::field).containsExactly("studio", "prompt");
  }

  @Test
  void aFloodOfBadFieldsIsReportedInPartSoTheRejectionStaysOneSmallEvent() {
    StringBuilder labels = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      labels.append(i == 0 ? "" : ",").append("\" bad").append(i).append("\":\"v\"");
    }
    var d =
        decide(
            "{\"studio\":\"acme\",\"clientJobId\":\"sh010\",\"prompt\":\"p\",\"labels\":{"
                + labels
                + "}}",
            JOB,
            Map.of());
    assertThat(d.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(d.errors()).hasSize(Admission.MAX_REPORTED_ERRORS + 1);
    assertThat(d.errors().getLast())
        .isEqualTo(new FieldError("request", "251 more errors are not listed"));
  }

  @Test
  void aSubmissionQueuedUnderAnotherJobsIdIsAProgrammingErrorNotADecision() {
    assertThatThrownBy(
            () ->
                decide(
                    "{\"studio\":\"acme\",\"clientJobId\":\"sh010\",\"prompt\":\"p\"}",
                    "j-0000000000000000",
                    Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is queued as j-0000000000000000 but is job " + JOB);
  }
}
