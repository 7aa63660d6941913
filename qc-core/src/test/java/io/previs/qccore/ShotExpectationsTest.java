package io.previs.qccore;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.qccore.config.ExpectationConfig;
import io.previs.qccore.report.Check;
import io.previs.qccore.report.Expectation;
import io.previs.qccore.report.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShotExpectationsTest {

  static final ExpectationConfig CFG = ExpectationConfig.defaults();

  @Test
  void aStormPromptInEitherLanguageExpectsFlashesAndRelaxesOnlyThem() {
    for (String prompt :
        List.of("Lightning splits the night sky", "ＬＩＧＨＴＮＩＮＧ over the bay", "雷雨夜，闪电划破夜空")) {
      ShotExpectations e = ShotExpectations.of(prompt, CFG);
      assertThat(e.applied()).extracting(Expectation::name).containsExactly("flashes");
      assertThat(e.severity(c -> Severity.CRITICAL).apply(Check.FLASH)).isEqualTo(Severity.INFO);
      assertThat(e.severity(c -> Severity.CRITICAL).apply(Check.CUT)).isEqualTo(Severity.CRITICAL);
    }
  }

  @Test
  void anEmptyStreetNeedsNoFaceChecksButTheLikenessCheckStays() {
    ShotExpectations e = ShotExpectations.of("空镜：雨后空无一人的街道", CFG);
    assertThat(e.applied()).extracting(Expectation::name).containsExactly("noPeople");
    var severity = e.severity(c -> Severity.CRITICAL);
    assertThat(severity.apply(Check.FACE_DISTORTION)).isEqualTo(Severity.INFO);
    assertThat(severity.apply(Check.FACE_VANISH)).isEqualTo(Severity.INFO);
    // the likeness check is the content policy's: Findings never asks this function about it
    assertThat(Check.LIKENESS.policy()).isTrue();
  }

  @Test
  void aLockedOffShotNeedsNoMotionAndAWhipPanMayShake() {
    ShotExpectations still = ShotExpectations.of("a locked-off shot of the harbour", CFG);
    assertThat(still.expectMotion(true)).isFalse();
    assertThat(still.applied().getFirst().checks()).containsExactly(Check.STATIC.id());
    ShotExpectations whip = ShotExpectations.of("whip pan to the door", CFG);
    assertThat(whip.expectMotion(true)).isTrue();
    assertThat(whip.severity(c -> Severity.WARNING).apply(Check.JITTER)).isEqualTo(Severity.INFO);
  }

  /** Previs prompts describe action; a shot that should hold still says so, in either language. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      textBlock =
          """
      a knight gallops across a bridge            | true
      一位身穿红色斗篷的女战士在暴雨中的古城墙上奔跑   | true
      static wide shot of an empty throne room    | false
      locked-off shot, the city at night          | false
      静止的雪山远景                                | false
      固定机位，清晨的码头                          | false
      """)
  void motionIsExpectedUnlessThePromptSaysTheShotHoldsStill(String prompt, boolean expected) {
    assertThat(ShotExpectations.of(prompt, CFG).expectMotion(true)).isEqualTo(expected);
  }

  @Test
  void aFadeExpectsBlackAtTheClipsEndsOnly() {
    for (String prompt : List.of("the hall, fade to black", "淡入：清晨的古城")) {
      var severity = ShotExpectations.of(prompt, CFG).severity(c -> Severity.CRITICAL);
      assertThat(severity.apply(Check.FADE)).isEqualTo(Severity.INFO);
      assertThat(severity.apply(Check.BLACK)).isEqualTo(Severity.CRITICAL);
    }
  }

  @Test
  void aPlainPromptOrNoneExpectsNothing() {
    assertThat(ShotExpectations.of("a knight rides through fog at dawn", CFG).applied()).isEmpty();
    assertThat(ShotExpectations.of(null, CFG).applied()).isEmpty();
    assertThat(ShotExpectations.of(null, CFG).expectMotion(true)).isTrue();
  }
}
