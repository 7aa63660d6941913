package io.previs.qccore.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.previs.qccore.report.Check;
import io.previs.qccore.report.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QcProfilesTest {

  @TempDir Path dir;

  @Test
  void aProfileOverridesOnlyWhatItNames() {
    QcConfig c =
        QcProfiles.apply(
            QcConfig.defaults(),
            """
            {"profile": "acme", "similarity": {"blackFrameRatio": 0.995},
             "verdict": {"severity": {"flow.jitter": "info"}, "disabled": ["face.geometry"]}}
            """);
    QcConfig d = QcConfig.defaults();
    assertThat(c.profile()).isEqualTo("acme");
    assertThat(c.similarity().blackFrameRatio()).isEqualTo(0.995);
    assertThat(c.similarity().blackPixelLevel()).isEqualTo(d.similarity().blackPixelLevel());
    assertThat(c.flow()).isEqualTo(d.flow());
    assertThat(c.verdict().severityOf(Check.JITTER)).isEqualTo(Severity.INFO);
    assertThat(c.verdict().severityOf(Check.CUT)).isEqualTo(Severity.CRITICAL);
    assertThat(c.verdict().enabled(Check.FACE_GEOMETRY)).isFalse();
  }

  @Test
  void profilesApplyInOrderAndMapsMerge() throws Exception {
    Path house = dir.resolve("house.json");
    Path studio = dir.resolve("studio.json");
    Files.writeString(
        house,
        "{\"profile\": \"house\", \"verdict\": {\"severity\": {\"flow.jitter\": \"info\"}},"
            + " \"flow\": {\"jitterMin\": 0.8}}");
    Files.writeString(
        studio,
        "{\"profile\": \"studio\", \"verdict\": {\"severity\": {\"similarity.freeze\": \"critical\"}}}");
    QcConfig c = QcProfiles.load(house, studio);
    assertThat(c.profile()).isEqualTo("studio");
    assertThat(c.flow().jitterMin()).isEqualTo(0.8);
    assertThat(c.verdict().severityOf(Check.JITTER)).isEqualTo(Severity.INFO);
    assertThat(c.verdict().severityOf(Check.FREEZE)).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void aMisspeltSettingIsAnErrorNamingIt() {
    assertThatThrownBy(
            () -> QcProfiles.apply(QcConfig.defaults(), "{\"similarity\": {\"blackRatio\": 1}}"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("blackRatio");
  }

  @Test
  void anOutOfRangeValueIsAnErrorNamingFieldAndLimit() {
    assertThatThrownBy(
            () -> QcProfiles.apply(QcConfig.defaults(), "{\"flow\": {\"reversalCosine\": 3}}"))
        .isInstanceOf(InvalidConfigException.class)
        .satisfies(
            e -> assertThat(((InvalidConfigException) e).field()).isEqualTo("flow.reversalCosine"))
        .hasMessageContaining("0.0..1.0");
  }

  @Test
  void anUnknownCheckIdIsAnError() {
    assertThatThrownBy(
            () ->
                QcProfiles.apply(
                    QcConfig.defaults(), "{\"verdict\": {\"disabled\": [\"face.smile\"]}}"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("face.smile");
  }

  @Test
  void theDefaultsRoundTripThroughJson() {
    QcConfig d = QcConfig.defaults();
    assertThat(QcProfiles.apply(d, QcProfiles.toJson(d))).isEqualTo(d);
  }
}
