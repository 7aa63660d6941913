package io.previs.qccore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.qccore.corpus.TestClips;
import io.previs.qccore.report.ReportJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class QcCommandTest {

  @TempDir static Path dir;
  static Path clean;
  static Path broken;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void clips() throws Exception {
    clean = TestClips.writeMp4(TestClips.CLEAN_PAN, 33, dir.resolve("clean.mp4"));
    broken = TestClips.writeMp4(TestClips.BLACK_FRAMES, 33, dir.resolve("broken.mp4"));
  }

  private int run(String... args) {
    return QcCommand.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aCleanClipPassesWithExitZero() {
    assertThat(run(clean.toString())).isEqualTo(QcCommand.PASS);
    assertThat(out()).contains("clean.mp4  PASS").contains("no findings");
  }

  @Test
  void aBrokenClipFailsWithExitTwoAndSaysWhere() {
    assertThat(run(broken.toString())).isEqualTo(QcCommand.FAIL);
    assertThat(out()).contains("FAIL").contains("similarity.black").contains("frames 12-13");
  }

  @Test
  void jsonForSeveralClipsIsAnArrayOfReports() {
    assertThat(run("--json", clean.toString(), broken.toString())).isEqualTo(QcCommand.FAIL);
    JsonNode json = ReportJson.mapper().readTree(out());
    assertThat(json.isArray()).isTrue();
    assertThat(json.get(0).get("verdict").asString()).isEqualTo("pass");
    assertThat(json.get(1).get("verdict").asString()).isEqualTo("fail");
    assertThat(json.get(1).get("clipId").asString()).isEqualTo("broken.mp4");
    assertThat(json.get(1).get("series").get("ssim").size()).isEqualTo(33);
  }

  @Test
  void aProfileCanDemoteACheck() throws Exception {
    Path profile = dir.resolve("lenient.json");
    Files.writeString(
        profile,
        "{\"profile\": \"lenient\", \"verdict\": {\"severity\": {\"similarity.black\": \"warning\"}}}");
    assertThat(run("--profile", profile.toString(), broken.toString())).isEqualTo(QcCommand.REVIEW);
    assertThat(out()).contains("profile lenient");
  }

  @Test
  void usageErrorsExitWith64() {
    assertThat(run()).isEqualTo(QcCommand.USAGE);
    assertThat(run("--bogus", clean.toString())).isEqualTo(QcCommand.USAGE);
    assertThat(run("--profile")).isEqualTo(QcCommand.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Usage: previs qc");
  }

  @Test
  void aBadProfileExitsWith64AndNamesTheField() throws Exception {
    Path profile = dir.resolve("bad.json");
    Files.writeString(profile, "{\"flow\": {\"jitterMinPairs\": 9}}");
    assertThat(run("--profile", profile.toString(), clean.toString())).isEqualTo(QcCommand.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("flow.jitterMinPairs");
  }

  @Test
  void anUnreadableClipExitsWith66() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.mp4"), "not a video");
    assertThat(run(dir.resolve("missing.mp4").toString())).isEqualTo(QcCommand.UNREADABLE);
    assertThat(run(junk.toString())).isEqualTo(QcCommand.UNREADABLE);
  }

  @Test
  void printConfigShowsTheEffectiveThresholds() {
    assertThat(run("--print-config")).isEqualTo(QcCommand.PASS);
    JsonNode json = ReportJson.mapper().readTree(out());
    assertThat(json.get("similarity").get("blackFrameRatio").asDouble()).isEqualTo(0.98);
  }
}
