package io.previs.gateway.reviews;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEvent.FieldError;
import io.previs.contracts.job.JobEvent.VariantOutput;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.JobSpec;
import io.previs.contracts.job.Priority;
import io.previs.gateway.input.StrictJson;
import io.previs.gateway.jobs.JobFolder;
import io.previs.gateway.jobs.JobView;
import io.previs.gateway.reviews.ReviewDecisions.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReviewDecisionsTest {

  private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

  /** A two-variant job whose variant 0 has its clip and variant 1 has not. */
  private static JobView job() {
    JobSpec spec =
        new JobSpec(
            "acme",
            "sh010",
            List.of(new JobSpec.ShotSpec(0, "a castle", "", 81)),
            2,
            16,
            832,
            480,
            7,
            null,
            null,
            "previs-oracle",
            Priority.NORMAL,
            Map.of(),
            2,
            T);
    JobView v =
        JobFolder.fold(null, JobEvent.of(JobEventType.ACCEPTED, "j-1", "acme", T).withSpec(spec));
    return JobFolder.fold(
        v,
        JobEvent.of(JobEventType.STAGE_COMPLETED, "j-1", "acme", T)
            .withOutputs(List.of(new VariantOutput(0, 7, "k/clip.mp4", "k/p.jpg", null, null))));
  }

  private static ReviewDecisions.Decision decide(int variant, String json) {
    return ReviewDecisions.decide(job(), variant, StrictJson.object(json.getBytes()), "ana");
  }

  @Test
  void aDecisionOnADeliveredVariantIsRecordedUnderTheCallersName() {
    var d = decide(0, "{\"decision\":\"approved\",\"note\":\"good\"}");
    assertThat(d.outcome()).isEqualTo(Outcome.RECORDED);
    assertThat(d.review().variant()).isZero();
    assertThat(d.review().decision()).isEqualTo("approved");
    assertThat(d.review().reviewer()).isEqualTo("ana");
    assertThat(d.review().note()).isEqualTo("good");
    assertThat(d.errors()).isEmpty();
  }

  @Test
  void everyBadFieldIsNamedAtOnce() {
    var d =
        decide(
            5, "{\"decision\":\"maybe\",\"reviewer\":\" \",\"note\":\"" + "x".repeat(2001) + "\"}");
    assertThat(d.outcome()).isEqualTo(Outcome.INVALID);
    assertThat(d.errors())
        .extracting(FieldError::field)
        .containsExactly("variant", "decision", "reviewer", "note");
    assertThat(d.errors().get(0).message()).isEqualTo("5 is outside 0..1 for this job");
    assertThat(d.errors().get(2).message())
        .isEqualTo("comes from your credentials; leave it out of the body");
    assertThat(d.errors().get(3).message()).isEqualTo("2001 characters exceed the limit of 2000");
  }

  @Test
  void aVariantWithoutAClipCannotBeJudgedYet() {
    var d = decide(1, "{\"decision\":\"rejected\"}");
    assertThat(d.outcome()).isEqualTo(Outcome.NO_CLIP);
    assertThat(d.review()).isNull();
  }

  @Test
  void aDecisionMustBeAStringNotAnyValue() {
    var d = decide(0, "{\"decision\":true}");
    assertThat(d.outcome()).isEqualTo(Outcome.INVALID);
    assertThat(d.errors()).extracting(FieldError::field).containsExactly("decision");
  }
}
