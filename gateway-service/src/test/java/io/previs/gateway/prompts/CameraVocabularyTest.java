package io.previs.gateway.prompts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CameraVocabularyTest {

  private static java.util.List<String> ids(String camera) {
    return CameraVocabulary.parse(PromptText.normalize(camera)).terms().stream()
        .map(CameraVocabulary.Term::id)
        .toList();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "手持跟拍镜头 | handheld,tracking",
        "handheld tracking shot | handheld,tracking",
        "Hand-held, follow shot | handheld,tracking",
        "特写 | close-up",
        "大特写 | extreme-close-up",
        "ECU | extreme-close-up",
        "close up, slow push in | close-up,push-in",
        "近景 推镜头 | medium-close-up,push-in",
        "全景 + 航拍 | wide,aerial",
        "drone shot, wide | aerial,wide",
        "远景 摇镜头 | extreme-wide,pan",
        "中景，拉 | medium,pull-out",
        "MS / dolly | medium,dolly",
        "crane shot then tilt down | crane,tilt",
        "升降镜头 | crane",
        "摇臂 | crane",
        "移镜头 | dolly",
      })
  void writersInEitherLanguageGetTheSameCamera(String typed, String expected) {
    assertThat(ids(typed)).containsExactly(expected.split(","));
  }

  @Test
  void theSameCameraIsWrittenInThePromptsLanguage() {
    var zh = CameraVocabulary.parse("手持跟拍镜头");
    var en = CameraVocabulary.parse("handheld tracking shot");
    assertThat(zh.text(false)).isEqualTo(en.text(false)).isEqualTo("handheld, tracking shot");
    assertThat(en.text(true)).isEqualTo("手持，跟镜头");
    assertThat(zh.unknown()).isEmpty();
  }

  @Test
  void unknownTermsPassThroughAsWrittenAndAreReported() {
    var c = CameraVocabulary.parse(PromptText.normalize("Dutch angle, close-up, 斯坦尼康"));
    assertThat(c.terms()).extracting(CameraVocabulary.Term::id).containsExactly("close-up");
    assertThat(c.unknown()).containsExactly("Dutch angle", "斯坦尼康");
    assertThat(c.text(false)).isEqualTo("close-up, Dutch angle, 斯坦尼康");
  }

  @Test
  void aLatinTermMustBeAWholeWord() {
    // "ms" and "cu" inside words are not shot sizes
    var c = CameraVocabulary.parse("dreams of a cucumber");
    assertThat(c.terms()).isEmpty();
    assertThat(c.unknown()).containsExactly("dreams of cucumber");
  }
}
