package io.previs.gateway.input;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "\t\n\r",
        "\u200b\u200c\u200d\u2060", // zero-width space, non-joiner, joiner, word joiner
        "\ufeff", // byte-order mark
        "\u00ad", // soft hyphen
        "\u202e\u202d\u200e\u200f", // bidi overrides and marks
        "\u3164\u115f\u1160\uffa0", // Hangul fillers
        "\u2800", // braille blank
        "\ufe0f\u034f", // variation selector 16, combining grapheme joiner
        "\u3000\u00a0\u2007", // ideographic, no-break and figure spaces
        "\u0000\u0007\u001b" // controls
      })
  void nothingVisibleIsBlank(String s) {
    assertThat(Text.blank(s)).as("%s", Text.quote(s)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", " 雨 ", "\u200bx", "🌧", "·", "-", "\u0301e"})
  void anythingVisibleIsNot(String s) {
    assertThat(Text.blank(s)).isFalse();
  }

  @Test
  void nullIsBlank() {
    assertThat(Text.blank(null)).isTrue();
  }

  @Test
  void controlCharactersAreFoundExceptLineBreaksAndTabsInMultiLineText() {
    assertThat(Text.controlCharacter("shot 1\n\twide", true)).isNull();
    assertThat(Text.controlCharacter("shot 1\nwide", false)).isEqualTo("U+000A at character 7");
    assertThat(Text.controlCharacter("雨\u0007", true)).isEqualTo("U+0007 at character 2");
    assertThat(Text.controlCharacter("a\u0085b", true)).isEqualTo("U+0085 at character 2");
    assertThat(Text.controlCharacter("a\u007fb", true)).isEqualTo("U+007F at character 2");
  }

  @Test
  void lengthCountsCodePointsAndQuotesShowWhatIsHidden() {
    assertThat(Text.length("🌧🌧")).isEqualTo(2);
    assertThat(Text.quote("a\u200bb\u0007")).isEqualTo("a\\u200Bb\\u0007");
    assertThat(Text.quote("x".repeat(50))).isEqualTo("x".repeat(40) + "…");
  }
}
