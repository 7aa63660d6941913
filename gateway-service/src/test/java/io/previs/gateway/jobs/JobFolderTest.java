package io.previs.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEvent.Progress;
import io.previs.contracts.job.JobEvent.ShardRef;
import io.previs.contracts.job.JobEvent.VariantOutput;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.JobSpec;
import io.previs.contracts.job.Priority;
import io.previs.contracts.job.Stage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobFolderTest {

  static final Instant T = Instant.parse("2026-11-20T10:00:00Z");
  static final JobSpec SPEC =
      new JobSpec(
          "acme",
          "sh010",
          List.of(new JobSpec.ShotSpec(0, "p", "n", 33)),
          2,
          16,
          832,
          480,
          7,
          null,
          null,
          "m",
          Priority.NORMAL,
          Map.of(),
          2,
          T);

  private static JobEvent e(JobEventType t) {
    return JobEvent.of(t, "j-1", "acme", T);
  }

  private static JobView fold(JobEvent... events) {
    JobView v = null;
    for (JobEvent e : events) {
      v = JobFolder.fold(v, e);
    }
    return v;
  }

  private static JobEvent progress(String shard, int step, Integer resumed) {
    return e(JobEventType.PROGRESS)
        .withStage(Stage.RENDER)
        .withShard(new ShardRef(shard, 0, 0))
        .withProgress(new Progress(step, 10, "high_noise", 0.5, step / 10.0, 100, resumed));
  }

  @Test
  void statusFollowsTheStagesAndProgressCountsEveryShard() {
    JobView v =
        fold(
            e(JobEventType.ACCEPTED).withSpec(SPEC),
            e(JobEventType.STAGE_STARTED).withStage(Stage.ENCODE),
            e(JobEventType.STAGE_COMPLETED).withStage(Stage.ENCODE),
            progress("s0", 5, null),
            progress("s1", 10, null));
    assertThat(v.status()).isEqualTo(JobStatus.RENDERING);
    assertThat(v.progress()).isEqualTo(0.75);
    assertThat(v.clientJobId()).isEqualTo("sh010");
  }

  @Test
  void aLongShotsProgressWithinAStepCountsItsWindows() {
    // step 4 of 10 in progress, window 2 of 4 of its first guidance pass: 3.25 of 10 steps done
    JobView v =
        fold(
            e(JobEventType.ACCEPTED).withSpec(SPEC),
            e(JobEventType.PROGRESS)
                .withStage(Stage.RENDER)
                .withShard(new ShardRef("s0", 0, 0))
                .withProgress(new Progress(4, 10, "high_noise", 0.5, 0.325, 100, null, 2, 4)));
    JobView.ShardView s0 = v.shards().get("s0");
    assertThat(s0.step()).isEqualTo(4);
    assertThat(s0.window()).isEqualTo(2);
    assertThat(s0.windows()).isEqualTo(4);
    assertThat(s0.fraction()).isEqualTo(0.325);
    assertThat(v.progress()).as("two shards, one a third done").isEqualTo(0.1625);

    JobView done =
        JobFolder.fold(
            v,
            e(JobEventType.STAGE_COMPLETED)
                .withStage(Stage.RENDER)
                .withShard(new ShardRef("s0", 0, 0)));
    assertThat(done.shards().get("s0").fraction()).isEqualTo(1.0);
    assertThat(done.shards().get("s0").windows()).isEqualTo(4);
  }

  @Test
  void lateProgressOfOneShardDoesNotPullTheJobBackFromQc() {
    JobView v =
        fold(
            e(JobEventType.ACCEPTED).withSpec(SPEC),
            e(JobEventType.STAGE_STARTED).withStage(Stage.QC),
            progress("s0", 3, null));
    assertThat(v.status()).isEqualTo(JobStatus.QC);
  }

  @Test
  void aResumedShardCountsAsASecondAttempt() {
    JobView v =
        fold(
            e(JobEventType.ACCEPTED).withSpec(SPEC), progress("s0", 4, null), progress("s0", 6, 4));
    assertThat(v.shards().get("s0").attempts()).isEqualTo(2);
    assertThat(v.shards().get("s0").resumedFromStep()).isEqualTo(4);
  }

  @Test
  void outputsMergeAcrossPostprocessingQcAndCompletion() {
    JobView v =
        fold(
            e(JobEventType.ACCEPTED).withSpec(SPEC),
            e(JobEventType.STAGE_COMPLETED)
                .withStage(Stage.POSTPROCESS)
                .withOutputs(List.of(new VariantOutput(1, 8, "v1.mp4", "p1.jpg", null, null))),
            e(JobEventType.STAGE_COMPLETED)
                .withStage(Stage.QC)
                .withOutputs(
                    List.of(new VariantOutput(1, 8, "v1.mp4", "p1.jpg", "r1.json", "pass"))),
            e(JobEventType.COMPLETED)
                .withOutputs(
                    List.of(new VariantOutput(0, 7, "v0.mp4", "p0.jpg", "r0.json", "review"))));
    assertThat(v.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(v.outputs()).extracting(VariantOutput::variant).containsExactly(0, 1);
    assertThat(v.outputs().get(1).verdict()).isEqualTo("pass");
  }

  @Test
  void aFailureIsTerminalAndKeepsItsReason() {
    JobView v =
        fold(
            e(JobEventType.ACCEPTED).withSpec(SPEC),
            e(JobEventType.FAILED)
                .withStage(Stage.RENDER)
                .withReason("shard s0 failed: model missing"),
            e(JobEventType.STAGE_STARTED).withStage(Stage.QC),
            e(JobEventType.COMPLETED));
    assertThat(v.status()).isEqualTo(JobStatus.FAILED);
    assertThat(v.failure()).isEqualTo("shard s0 failed: model missing");
  }

  @Test
  void duplicatesAreCountedAndChangeNothingElse() {
    JobView before = fold(e(JobEventType.ACCEPTED).withSpec(SPEC));
    JobView after = JobFolder.fold(before, e(JobEventType.DUPLICATE).withReason("again"));
    assertThat(after.duplicates()).isEqualTo(1);
    assertThat(after.status()).isEqualTo(before.status());
    assertThat(after.spec()).isEqualTo(before.spec());
  }

  @Test
  void aRejectedClientJobIdCanBeSubmittedAgainAndAccepted() {
    JobView v =
        fold(
            e(JobEventType.REJECTED).withErrors(List.of(new JobEvent.FieldError("frames", "x"))),
            e(JobEventType.ACCEPTED).withSpec(SPEC));
    assertThat(v.status()).isEqualTo(JobStatus.ACCEPTED);
    assertThat(v.errors()).isEmpty();
  }

  @Test
  void regenerationsAreListedOncePerVariantAndAttempt() {
    var r = new JobEvent.Regeneration(1, 1, 2, "j-2", "regen/j-1/v1/1", 99, "j-1");
    JobEvent requested = e(JobEventType.REGENERATION_REQUESTED).withRegeneration(r);
    JobView v =
        fold(
            e(JobEventType.ACCEPTED).withSpec(SPEC),
            requested,
            requested,
            e(JobEventType.COMPLETED));
    assertThat(v.regenerations()).containsExactly(r);
    assertThat(v.status()).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void aLikenessHoldOverridesAQualityReviewAndStaysWithheldUntilOpsApprove() {
    JobEvent quality =
        e(JobEventType.REVIEW_REQUESTED)
            .withReview(new JobEvent.Review(0, "pending", List.of("flow.jitter"), null, null));
    JobEvent hold =
        e(JobEventType.REVIEW_REQUESTED)
            .withReview(
                new JobEvent.Review(
                    0, "pending", List.of("resembles 'x'"), null, null, JobEvent.Review.LIKENESS));
    JobView v = fold(e(JobEventType.ACCEPTED).withSpec(SPEC), quality, hold, quality);
    assertThat(v.reviews())
        .singleElement()
        .satisfies(r -> assertThat(r.withheld()).as("held, pending ops").isTrue());
    v =
        JobFolder.fold(
            v,
            e(JobEventType.REVIEW_RECORDED)
                .withReview(
                    new JobEvent.Review(
                        0, "rejected", null, "ops-1", "too close", JobEvent.Review.LIKENESS)));
    assertThat(v.reviews().get(0).withheld()).as("rejected by ops: still withheld").isTrue();
    v =
        JobFolder.fold(
            v,
            e(JobEventType.REVIEW_RECORDED)
                .withReview(
                    new JobEvent.Review(
                        0, "approved", null, "ops-2", "lookalike", JobEvent.Review.LIKENESS)));
    assertThat(v.reviews().get(0).withheld()).isFalse();
  }

  @Test
  void aPersonsDecisionReplacesThePendingReviewAndARedeliveredRequestDoesNotReopenIt() {
    JobEvent pending =
        e(JobEventType.REVIEW_REQUESTED)
            .withReview(new JobEvent.Review(0, "pending", List.of("flow.jitter"), null, null));
    JobEvent approved =
        e(JobEventType.REVIEW_RECORDED)
            .withReview(new JobEvent.Review(0, "approved", null, "ana", "reads fine"));
    JobView v = fold(e(JobEventType.ACCEPTED).withSpec(SPEC), pending);
    assertThat(v.reviews()).extracting(JobEvent.Review::decision).containsExactly("pending");
    v = JobFolder.fold(v, approved);
    v = JobFolder.fold(v, pending);
    assertThat(v.reviews())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.decision()).isEqualTo("approved");
              assertThat(r.reviewer()).isEqualTo("ana");
            });
  }

  @Test
  void aCancelledJobIsFinalWithWhoAndWhenAndLateStageEventsDoNotRevive() {
    JobView v =
        fold(
            e(JobEventType.ACCEPTED).withSpec(SPEC),
            e(JobEventType.QUEUE_UPDATED)
                .withQueue(new JobEvent.Queue("normal", 3, 2, 0, T, T.plusSeconds(60), null)),
            e(JobEventType.CANCELLED)
                .withControl(new JobEvent.Control("c-1", "key:alice", null, 2, 0)),
            e(JobEventType.STAGE_STARTED).withStage(Stage.RENDER),
            e(JobEventType.COMPLETED));
    assertThat(v.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(v.status().terminal()).isTrue();
    assertThat(v.scheduling().cancelledBy()).isEqualTo("key:alice");
    assertThat(v.scheduling().cancelledAt()).isEqualTo(T);
    assertThat(v.scheduling().queue()).isNull();
  }

  @Test
  void schedulingFollowsPausePriorityQueueAndPreemption() {
    JobView v =
        fold(
            e(JobEventType.ACCEPTED).withSpec(SPEC),
            e(JobEventType.QUEUE_UPDATED)
                .withQueue(new JobEvent.Queue("normal", 2, 2, 0, T, T.plusSeconds(60), null)),
            e(JobEventType.PRIORITY_CHANGED)
                .withControl(new JobEvent.Control("c-1", "ops", "urgent", 0, 0)),
            e(JobEventType.PAUSED).withControl(new JobEvent.Control("c-2", "ops", null, 0, 0)),
            e(JobEventType.PREEMPTED).withShard(new ShardRef("s0", 0, 0)));
    assertThat(v.scheduling().priority()).isEqualTo("urgent");
    assertThat(v.scheduling().paused()).isTrue();
    assertThat(v.scheduling().queue().position()).isEqualTo(2);
    assertThat(v.scheduling().preemptions()).isEqualTo(1);
    assertThat(v.status()).isEqualTo(JobStatus.ACCEPTED);

    JobView resumed =
        JobFolder.fold(
            JobFolder.fold(v, e(JobEventType.RESUMED)),
            e(JobEventType.QUEUE_UPDATED)
                .withQueue(new JobEvent.Queue("urgent", 0, 0, 0, null, null, null)));
    assertThat(resumed.scheduling().paused()).isFalse();
    assertThat(resumed.scheduling().queue()).as("no shard waits any more").isNull();
  }

  @Test
  void aShardStoppedByACancelIsBilledWhatItUsedAndARenderAfterAStopReplacesItsBill() {
    JobView cancelled =
        fold(
            e(JobEventType.ACCEPTED).withSpec(SPEC),
            progress("s0", 4, null),
            e(JobEventType.SHARD_STOPPED)
                .withShard(new ShardRef("s0", 0, 0))
                .withUsage(new io.previs.contracts.job.GpuUsage(2.5, 8, 4, "m", "default")),
            e(JobEventType.CANCELLED).withControl(new JobEvent.Control("c", "ops", null, 1, 1)));
    assertThat(cancelled.shards().get("s0").state()).isEqualTo("stopped");
    assertThat(cancelled.usage().deviceSeconds()).isEqualTo(2.5);
    assertThat(cancelled.shards().get("s0").renderedAt()).isEqualTo(T);

    JobView resumed =
        JobFolder.fold(
            JobFolder.fold(
                fold(
                    e(JobEventType.ACCEPTED).withSpec(SPEC),
                    e(JobEventType.SHARD_STOPPED)
                        .withShard(new ShardRef("s0", 0, 0))
                        .withUsage(new io.previs.contracts.job.GpuUsage(2.5, 8, 4, "m", "p"))),
                e(JobEventType.STAGE_COMPLETED)
                    .withStage(Stage.RENDER)
                    .withShard(new ShardRef("s0", 0, 0))
                    .withUsage(new io.previs.contracts.job.GpuUsage(9.0, 80, 40, "m", "p"))),
            e(JobEventType.SHARD_STOPPED)
                .withShard(new ShardRef("s0", 0, 0))
                .withUsage(new io.previs.contracts.job.GpuUsage(2.5, 8, 4, "m", "p")));
    assertThat(resumed.usage().deviceSeconds())
        .as("the render's cumulative bill, not the stop's, and a late stop event does not undo it")
        .isEqualTo(9.0);
  }

  @Test
  void aStalledShardShowsAsStalledUntilItsNextStep() {
    JobView stalled =
        fold(
            e(JobEventType.ACCEPTED).withSpec(SPEC),
            progress("s0", 4, null),
            e(JobEventType.SHARD_STALLED).withShard(new ShardRef("s0", 0, 0)));
    assertThat(stalled.shards().get("s0").state()).isEqualTo("stalled");
    assertThat(stalled.shards().get("s0").step()).isEqualTo(4);
    assertThat(JobFolder.fold(stalled, progress("s0", 5, null)).shards().get("s0").state())
        .isEqualTo("rendering");
  }

  @Test
  void aJobWaitingOnStorageSaysSoUntilStorageAnswersOrTheJobMovesOn() {
    JobView waiting =
        fold(
            e(JobEventType.ACCEPTED).withSpec(SPEC),
            progress("s0", 4, null),
            e(JobEventType.STORAGE_WAITING).withReason("object storage has not answered for 2 s"),
            e(JobEventType.STORAGE_WAITING).withReason("object storage has not answered for 9 s"));
    assertThat(waiting.waiting()).isNotNull();
    assertThat(waiting.waiting().on()).isEqualTo("storage");
    assertThat(waiting.waiting().reason()).contains("9 s");
    assertThat(JobFolder.fold(waiting, e(JobEventType.STORAGE_RECOVERED)).waiting()).isNull();
    assertThat(JobFolder.fold(waiting, progress("s0", 5, null)).waiting()).isNull();
    assertThat(JobFolder.fold(waiting, e(JobEventType.QUEUE_UPDATED)).waiting())
        .as("news from elsewhere does not clear it")
        .isNotNull();
  }
}
