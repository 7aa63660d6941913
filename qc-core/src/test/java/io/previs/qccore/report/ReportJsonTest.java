package io.previs.qccore.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ReportJsonTest {

  static QcReport sample() {
    double nan = Double.NaN;
    Finding cut =
        new Finding(Check.CUT, Severity.CRITICAL, 2.5, 1, 19, 20, 1.1875, 1.3125, null, "cut");
    Finding vanish =
        new Finding(
            Check.FACE_VANISH, Severity.CRITICAL, 0.7, 0.4, 8, 11, 0.5, 0.75, 1, "face 1 gone");
    return new QcReport(
        QcReport.SCHEMA,
        "job-42",
        "default",
        Verdict.FAIL,
        List.of("similarity.cut (critical) at frames 19-20: cut"),
        new ClipInfo(320, 192, 16, 3, 0.1875, 320, 192, 256, true, List.of()),
        List.of(cut, vanish),
        new ClipScores(0.2, 0.9, 0.5, 3, 0.98, 0.5, 1, 9, 0.1, 1, 1, 0.8),
        List.of(new FaceTrackSummary(1, 0, 2, 2, 0, 1, 0.3, 0.66, 0.8, 1, 0.9, 0.66)),
        new FrameSeries(
            new double[] {nan, 0.9, 0.2},
            new double[] {nan, 1, 0.5},
            new double[] {nan, 2, 40},
            new double[] {100, 101, 90},
            new double[] {nan, 0.5, 3},
            new double[] {nan, 1, 20},
            new double[] {nan, nan, 2.5},
            new double[] {1, 1, 0}),
        Map.of("flow", 12.5));
  }

  @Test
  void writesLowerCaseEnumsCheckIdsAndNullForNaN() {
    JsonNode json = ReportJson.mapper().readTree(ReportJson.write(sample()));
    assertThat(json.get("schema").asString()).isEqualTo("previs.qc.report/v1");
    assertThat(json.get("verdict").asString()).isEqualTo("fail");
    JsonNode first = json.get("findings").get(0);
    assertThat(first.get("check").asString()).isEqualTo("similarity.cut");
    assertThat(first.get("severity").asString()).isEqualTo("critical");
    assertThat(first.has("trackId")).isFalse();
    assertThat(json.get("findings").get(1).get("trackId").asInt()).isEqualTo(1);
    assertThat(json.get("series").get("ssim").get(0).isNull()).isTrue();
    assertThat(json.get("series").get("ssim").get(1).asDouble()).isEqualTo(0.9);
  }

  @Test
  void readsBackWhatItWrote() {
    QcReport r = ReportJson.read(ReportJson.write(sample()));
    QcReport s = sample();
    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.findings()).isEqualTo(s.findings());
    assertThat(r.clip()).isEqualTo(s.clip());
    assertThat(r.scores()).isEqualTo(s.scores());
    assertThat(r.faceTracks()).isEqualTo(s.faceTracks());
    assertThat(r.series().ssim()).containsExactly(Double.NaN, 0.9, 0.2);
    assertThat(r.series().flowJitter()[1]).isNaN();
    assertThat(r.timings()).containsEntry("flow", 12.5);
  }

  @Test
  void theEventFormLeavesTheSeriesOut() {
    JsonNode json = ReportJson.mapper().readTree(ReportJson.write(sample().withoutSeries()));
    assertThat(json.get("series").isNull()).isTrue();
    assertThat(json.get("findings").size()).isEqualTo(2);
  }

  @Test
  void ignoresFieldsItDoesNotKnow() {
    String json = ReportJson.write(sample()).replaceFirst("\\{", "{\"addedLater\":{\"x\":1},");
    assertThat(ReportJson.read(json).clipId()).isEqualTo("job-42");
  }
}
