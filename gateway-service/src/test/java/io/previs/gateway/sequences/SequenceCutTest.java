package io.previs.gateway.sequences;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEvent.VariantOutput;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.JobLabels;
import io.previs.contracts.job.JobSpec;
import io.previs.contracts.job.Priority;
import io.previs.gateway.jobs.JobFolder;
import io.previs.gateway.jobs.JobView;
import io.previs.gateway.sequences.SequenceView.ShotView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SequenceCutTest {

  static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

  /** A completed job of {@code takes} variants, submitted {@code minute} minutes after T. */
  static JobView job(
      String jobId,
      String clientJobId,
      int takes,
      int fps,
      int minute,
      Map<String, String> labels) {
    JobSpec spec =
        new JobSpec(
            "acme",
            clientJobId,
            List.of(new JobSpec.ShotSpec(0, "p", "n", 17), new JobSpec.ShotSpec(1, "q", "n", 16)),
            takes,
            fps,
            320,
            192,
            7,
            null,
            null,
            "m",
            Priority.NORMAL,
            labels,
            takes * 2,
            T.plusSeconds(60L * minute));
    List<VariantOutput> outs = new ArrayList<>();
    for (int v = 0; v < takes; v++) {
      outs.add(new VariantOutput(v, 7 + v, "k/" + jobId + "/" + v + ".mp4", null, null, "pass"));
    }
    JobView view =
        JobFolder.fold(
            null,
            JobEvent.of(JobEventType.ACCEPTED, jobId, "acme", T.plusSeconds(60L * minute))
                .withSpec(spec));
    return JobFolder.fold(
        view,
        JobEvent.of(JobEventType.COMPLETED, jobId, "acme", T.plusSeconds(60L * minute + 30))
            .withOutputs(outs));
  }

  static JobView chosen(JobView j, int variant, int minute) {
    return JobFolder.fold(
        j,
        JobEvent.of(JobEventType.TAKE_SELECTED, j.jobId(), "acme", T.plusSeconds(60L * minute))
            .withTake(new JobEvent.Take("shot", "sq010", 1, variant, "dir", null)));
  }

  static Map<String, String> labels(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("sequence", "sq010");
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void shotsRunInTheOrderOfTheirNumbersAndOtherSequencesStayOut() {
    List<JobView> jobs =
        List.of(
            job("a", "sq010_sh10", 1, 16, 0, labels()),
            job("b", "sq010_sh9", 1, 16, 1, labels()),
            job("c", "sq010_sh020", 1, 16, 2, labels()),
            job("d", "sq020_sh010", 1, 16, 3, Map.of("sequence", "sq020")),
            job("e", "loose", 1, 16, 4, Map.of()));
    SequenceView v = SequenceCut.of("acme", "sq010", jobs);
    assertThat(v.shots())
        .extracting(ShotView::shot)
        .containsExactly("sq010_sh9", "sq010_sh10", "sq010_sh020");
    assertThat(SequenceCut.names(jobs)).containsExactly("sq010", "sq020");
    assertThat(SequenceCut.of("acme", "sq030", jobs)).isNull();
  }

  @Test
  void theChoiceMadeLastOverAllVersionsIsTheShotsTakeNumberedAcrossItsVersionsJobs() {
    JobView v1 = chosen(job("v1", "sh010", 4, 16, 0, labels()), 2, 10);
    // four more like take 3 of v001: takes 5 to 8 of v001
    JobView more =
        chosen(
            job("m1", "sh010/more-v2-s025-b1", 4, 16, 1, labels(JobLabels.VERSION_SHOT, "sh010")),
            1,
            20);
    JobView v2 =
        job(
            "v2",
            "sh010/v002",
            2,
            16,
            2,
            labels(JobLabels.VERSION_SHOT, "sh010", JobLabels.VERSION, "2"));
    SequenceView v = SequenceCut.of("acme", "sq010", List.of(v2, more, v1));
    ShotView shot = v.shots().getFirst();
    assertThat(v.shots()).hasSize(1);
    assertThat(shot.versions())
        .extracting(SequenceView.VersionRef::jobId, SequenceView.VersionRef::firstTake)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("v1", 1),
            org.assertj.core.groups.Tuple.tuple("m1", 5),
            org.assertj.core.groups.Tuple.tuple("v2", 1));
    assertThat(shot.chosen().jobId()).isEqualTo("m1");
    assertThat(shot.chosen().take()).isEqualTo(6);
    assertThat(shot.chosen().name()).isEqualTo("sh010 v001 take 6");
    assertThat(shot.chosen().fileName()).isEqualTo("sh010_v001_t6.mp4");
    assertThat(shot.chosen().frames()).isEqualTo(33);

    // choosing in v002 later makes that the take
    SequenceView later = SequenceCut.of("acme", "sq010", List.of(chosen(v2, 0, 30), more, v1));
    assertThat(later.shots().getFirst().chosen().name()).isEqualTo("sh010 v002 take 1");
    assertThat(later.chosen()).isEqualTo(1);
    assertThat(later.frames()).isEqualTo(33);
  }

  @Test
  void aRegeneratedTakeIsATakeOfTheShotItRendersAgain() {
    JobView root = job("r", "sh030", 2, 16, 0, labels());
    JobView regen =
        chosen(
            job(
                "g",
                "regen/r/v1/1",
                1,
                16,
                1,
                labels(JobLabels.VERSION_SHOT, "sh030", JobLabels.REGENERATION_OF, "r")),
            0,
            5);
    SequenceView v = SequenceCut.of("acme", "sq010", List.of(root, regen));
    assertThat(v.shots()).extracting(ShotView::shot).containsExactly("sh030");
    assertThat(v.shots().getFirst().chosen().take()).isEqualTo(3);
  }

  @Test
  void theCutRunsAtTheRateMostChosenTakesHaveAndCountsOthersInItsFrames() {
    List<JobView> jobs =
        List.of(
            chosen(job("a", "sh010", 1, 24, 0, labels()), 0, 5),
            chosen(job("b", "sh020", 1, 16, 1, labels()), 0, 6),
            chosen(job("c", "sh030", 1, 16, 2, labels()), 0, 7),
            job("d", "sh040", 1, 24, 3, labels()));
    SequenceView v = SequenceCut.of("acme", "sq010", jobs);
    assertThat(v.fps()).isEqualTo(16);
    // 33 frames at 24 fps are 22 at 16; the unchosen shot adds nothing
    assertThat(v.frames()).isEqualTo(22 + 33 + 33);
    assertThat(v.chosen()).isEqualTo(3);
    assertThat(v.shots().get(3).chosen()).isNull();
  }

  @Test
  void aChoiceOfATakeWithNoClipIsNotTheShotsTake() {
    JobView j =
        JobFolder.fold(
            null,
            JobEvent.of(JobEventType.ACCEPTED, "x", "acme", T)
                .withSpec(job("x", "sh050", 2, 16, 0, labels()).spec()));
    j = chosen(j, 1, 3);
    assertThat(SequenceCut.of("acme", "sq010", List.of(j)).shots().getFirst().chosen()).isNull();
  }
}
