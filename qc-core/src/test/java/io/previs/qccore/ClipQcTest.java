package io.previs.qccore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.previs.qccore.config.QcConfig;
import io.previs.qccore.corpus.TestClips;
import io.previs.qccore.report.Check;
import io.previs.qccore.report.QcReport;
import io.previs.qccore.report.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three ways in (file, stream, pushed frames) and the verdicts a service acts on. */
class ClipQcTest {

  @TempDir static Path dir;
  static ClipQc qc;

  @BeforeAll
  static void open() {
    qc = new ClipQc(QcConfig.defaults());
  }

  @AfterAll
  static void close() {
    qc.close();
  }

  @Test
  void fileStreamAndPushedFramesGiveTheSameVerdict() throws Exception {
    Path mp4 = TestClips.writeMp4(TestClips.SHAKY, 33, dir.resolve("shaky.mp4"));
    QcReport file = qc.check(mp4, ClipContext.of("shaky"));
    QcReport stream;
    try (InputStream in = Files.newInputStream(mp4)) {
      stream = qc.check(in, ClipContext.of("shaky"));
    }
    QcSession session = qc.open(ClipContext.of("shaky").withFps(16));
    TestClips.render(
        TestClips.SHAKY,
        33,
        (i, bgr) -> {
          byte[] bytes = new byte[bgr.cols() * bgr.rows() * 3];
          ((BytePointer) bgr.data()).get(bytes);
          for (int p = 0; p < bytes.length; p += 3) {
            byte b = bytes[p];
            bytes[p] = bytes[p + 2];
            bytes[p + 2] = b;
          }
          session.frame(i, bgr.cols(), bgr.rows(), bytes);
        });
    QcReport pushed = session.finish();

    assertThat(file.verdict()).isEqualTo(Verdict.REVIEW);
    assertThat(file.findings(Check.JITTER))
        .singleElement()
        .satisfies(f -> assertThat(f.contains(10, 1)).isTrue());
    assertThat(stream.findings()).isEqualTo(file.findings());
    assertThat(pushed.verdict()).isEqualTo(file.verdict());
    assertThat(pushed.findings(Check.JITTER)).hasSize(1);
    assertThat(pushed.clip().fps()).isEqualTo(16);
    // uncompressed frames against H.264: the similarity series agree closely
    for (int i = 1; i < 33; i++) {
      assertThat(pushed.series().ssim()[i]).isCloseTo(file.series().ssim()[i], within(0.05));
    }
    assertThat(file.timings()).containsKeys("decode", "similarity", "flow", "face");
  }

  @Test
  void aStaticClipFailsOnlyWhenMotionWasAskedFor() throws Exception {
    Path mp4 = TestClips.writeMp4(TestClips.STATIC, 33, dir.resolve("static.mp4"));
    QcReport relaxed = qc.check(mp4, ClipContext.of("static"));
    QcReport strict = qc.check(mp4, ClipContext.of("static").withExpectMotion(true));
    assertThat(relaxed.verdict()).isEqualTo(Verdict.PASS);
    assertThat(relaxed.scores().dynamicDegree()).isLessThan(0.1);
    assertThat(strict.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(strict.verdict().regenerate()).isTrue();
    assertThat(strict.findings(Check.STATIC)).hasSize(1);
    assertThat(strict.reasons()).singleElement().asString().startsWith("flow.static (critical)");
  }

  @Test
  void aMovingFaceIsTrackedAndItsVanishingAndJumpsAreFound() throws Exception {
    QcReport clean =
        qc.check(TestClips.writeMp4(TestClips.FACE, 33, dir.resolve("f.mp4")), ClipContext.of("f"));
    assertThat(clean.verdict()).isEqualTo(Verdict.PASS);
    assertThat(clean.faceTracks())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.firstFrame()).isZero();
              assertThat(t.lastFrame()).isEqualTo(32);
              assertThat(t.score()).isGreaterThan(0.7);
            });
    assertThat(clean.series().faceCount()).containsOnly(1.0);

    QcReport vanish =
        qc.check(
            TestClips.writeMp4(TestClips.FACE_VANISH, 33, dir.resolve("v.mp4")),
            ClipContext.of("v"));
    assertThat(vanish.findings(Check.FACE_VANISH))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.firstFrame()).isEqualTo(14);
              assertThat(f.lastFrame()).isEqualTo(16);
              assertThat(f.trackId()).isEqualTo(1);
            });
    assertThat(vanish.verdict()).isEqualTo(Verdict.FAIL);

    QcReport jump =
        qc.check(
            TestClips.writeMp4(TestClips.FACE_JUMP, 33, dir.resolve("j.mp4")), ClipContext.of("j"));
    assertThat(jump.findings(Check.FACE_JUMP))
        .isNotEmpty()
        .allSatisfy(f -> assertThat(f.trackId()).isEqualTo(1));
    assertThat(jump.findings(Check.FACE_JUMP).getFirst().contains(14, 1)).isTrue();
  }

  @Test
  void aFileWithoutVideoIsAnError() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.mp4"), "no video here");
    assertThatThrownBy(() -> qc.check(junk, ClipContext.of("junk")))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> qc.open(ClipContext.of("empty")).finish())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no frames");
  }
}
