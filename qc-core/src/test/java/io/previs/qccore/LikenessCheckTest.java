package io.previs.qccore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.previs.qccore.config.InvalidConfigException;
import io.previs.qccore.config.QcConfig;
import io.previs.qccore.config.QcProfiles;
import io.previs.qccore.corpus.TestClips;
import io.previs.qccore.face.ProtectedGallery;
import io.previs.qccore.report.Check;
import io.previs.qccore.report.QcReport;
import io.previs.qccore.report.Severity;
import io.previs.qccore.report.Verdict;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The likeness check inside QC: a clip whose face is a registered protected person's is held for
 * review whatever the studio's QC profile says; without a gallery, or with only unusable images in
 * it, nothing is found.
 */
class LikenessCheckTest {

  @TempDir static Path dir;
  static Path faceClip;
  static Path panClip;
  static byte[] astronaut;
  static ProtectedGallery gallery;

  @BeforeAll
  static void setUp() throws Exception {
    faceClip = TestClips.writeMp4(TestClips.FACE, 33, dir.resolve("face.mp4"));
    panClip = TestClips.writeMp4(TestClips.CLEAN_PAN, 33, dir.resolve("pan.mp4"));
    astronaut = Files.readAllBytes(Path.of("src/test/resources/astronaut.png"));
    gallery =
        ProtectedGallery.build(
            List.of(new ProtectedGallery.Image("eileen-collins", "faces/ec/1.png", astronaut)),
            ProtectedGallery.DEFAULT_THRESHOLD);
  }

  @AfterAll
  static void tearDown() {
    gallery.close();
  }

  @Test
  void aClipShowingAProtectedFaceIsHeldForReviewAndOneWithoutFacesIsNot() throws Exception {
    try (ClipQc qc = new ClipQc(QcConfig.defaults())) {
      QcReport held = qc.check(faceClip, ClipContext.of("face").withGallery(gallery));
      assertThat(held.findings(Check.LIKENESS))
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.severity()).isEqualTo(Severity.WARNING);
                assertThat(f.trackId()).isNotNull();
                assertThat(f.score()).isLessThanOrEqualTo(f.threshold());
                assertThat(f.message())
                    .contains("protected person 'eileen-collins'")
                    .contains("gallery " + gallery.version());
              });
      assertThat(held.verdict()).isNotEqualTo(Verdict.PASS);

      QcReport noGallery = qc.check(faceClip, ClipContext.of("face"));
      assertThat(noGallery.findings(Check.LIKENESS)).isEmpty();
      QcReport noFace = qc.check(panClip, ClipContext.of("pan").withGallery(gallery));
      assertThat(noFace.findings(Check.LIKENESS)).isEmpty();
    }
  }

  @Test
  void aStudioProfileCanNeitherDisableNorRegradeTheLikenessCheckAndFaceChecksOffStillRunIt()
      throws Exception {
    assertThatThrownBy(
            () ->
                QcProfiles.apply(
                    QcConfig.defaults(), "{\"verdict\":{\"disabled\":[\"face.likeness\"]}}"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("verdict.disabled")
        .hasMessageContaining("content policy");
    assertThatThrownBy(
            () ->
                QcProfiles.apply(
                    QcConfig.defaults(),
                    "{\"verdict\":{\"severity\":{\"face.likeness\":\"info\"}}}"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("verdict.severity");
    QcConfig facesOff = QcProfiles.apply(QcConfig.defaults(), "{\"face\":{\"enabled\":false}}");
    try (ClipQc qc = new ClipQc(facesOff)) {
      QcReport r = qc.check(faceClip, ClipContext.of("face").withGallery(gallery));
      assertThat(r.findings(Check.LIKENESS)).hasSize(1);
      assertThat(r.faceTracks()).as("face checks are still off").isEmpty();
      assertThat(r.findings(Check.FACE_VANISH)).isEmpty();
    }
  }

  @Test
  void imagesWithoutExactlyOneFaceAreRejectedWithTheReasonAndTheRestLearned() throws Exception {
    BufferedImage two = new BufferedImage(1024, 512, BufferedImage.TYPE_INT_RGB);
    BufferedImage one = ImageIO.read(new java.io.ByteArrayInputStream(astronaut));
    two.getGraphics().drawImage(one, 0, 0, null);
    two.getGraphics().drawImage(one, 512, 0, null);
    BufferedImage blank = new BufferedImage(200, 200, BufferedImage.TYPE_INT_RGB);
    try (ProtectedGallery g =
        ProtectedGallery.build(
            List.of(
                new ProtectedGallery.Image("a", "faces/a/two.png", png(two)),
                new ProtectedGallery.Image("a", "faces/a/blank.png", png(blank)),
                new ProtectedGallery.Image("a", "faces/a/notes.txt", "hello".getBytes()),
                new ProtectedGallery.Image("a", "faces/a/empty.png", new byte[0]),
                new ProtectedGallery.Image("b", "faces/b/1.png", astronaut)),
            ProtectedGallery.DEFAULT_THRESHOLD)) {
      assertThat(g.faces()).isEqualTo(1);
      assertThat(g.people()).containsExactly("b");
      assertThat(g.rejected())
          .extracting(ProtectedGallery.Rejected::source, ProtectedGallery.Rejected::reason)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(
                  "faces/a/blank.png", "no face found (a frontal face at least 48 pixels high)"),
              org.assertj.core.groups.Tuple.tuple("faces/a/empty.png", "empty file"),
              org.assertj.core.groups.Tuple.tuple(
                  "faces/a/notes.txt", "not an image OpenCV can decode (PNG or JPEG)"),
              org.assertj.core.groups.Tuple.tuple(
                  "faces/a/two.png", "2 faces found; register an image with one face"));
    }
    try (ProtectedGallery none =
        ProtectedGallery.build(
            List.of(new ProtectedGallery.Image("a", "faces/a/blank.png", png(blank))),
            ProtectedGallery.DEFAULT_THRESHOLD)) {
      assertThat(none.isEmpty()).isTrue();
      assertThat(none.version()).isNotEqualTo(gallery.version());
    }
  }

  private static byte[] png(BufferedImage img) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }
}
