package io.previs.qc.review;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpectsMotionTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      a knight gallops across a bridge            | true
      一位身穿红色斗篷的女战士在暴雨中的古城墙上奔跑   | true
      static wide shot of an empty throne room    | false
      locked-off shot, the city at night          | false
      静止的雪山远景                                | false
      """)
  void previsPromptsExpectMotionUnlessTheySayOtherwise(String prompt, boolean expected) {
    assertThat(ClipReview.expectsMotion(prompt)).isEqualTo(expected);
  }
}
