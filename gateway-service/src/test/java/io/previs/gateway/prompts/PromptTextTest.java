package io.previs.gateway.prompts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromptTextTest {

  @Test
  void invisibleCharactersGoAndWhiteSpaceCollapses() {
    assertThat(PromptText.normalize("  a\u200b rider\u200d\t\tgallops\n\nat\u00ad dusk\ufeff  "))
        .isEqualTo("a rider gallops at dusk");
    assertThat(PromptText.normalize("女主角\u3000\u3000奔跑")).isEqualTo("女主角 奔跑");
    assertThat(PromptText.normalize("\u202eevil\u202c")).isEqualTo("evil");
  }

  @Test
  void fullWidthFormsAndCurlyPunctuationFold() {
    assertThat(PromptText.normalize("ＣＹＢＥＲＰＵＮＫ　ｓｔｙｌｅ，３５ｍｍ！")).isEqualTo("CYBERPUNK style,35mm!");
    assertThat(PromptText.normalize("\u201cthe end\u201d\u2026 it\u2019s"))
        .isEqualTo("\"the end\"... it's");
    // the Chinese enumeration comma is no compatibility form: kept
    assertThat(PromptText.normalize("霓虹、雨夜")).isEqualTo("霓虹、雨夜");
  }

  @Test
  void twoWritersOfTheSameWordsGetTheSamePrompt() {
    assertThat(PromptText.normalize("手持　跟拍，特写")).isEqualTo(PromptText.normalize(" 手持 跟拍,特写\u200b"));
  }

  @Test
  void chineseIsTextWithHan() {
    assertThat(PromptText.chinese("女主角 runs")).isTrue();
    assertThat(PromptText.chinese("a rider, ĉu")).isFalse();
    assertThat(PromptText.chinese(null)).isFalse();
  }
}
