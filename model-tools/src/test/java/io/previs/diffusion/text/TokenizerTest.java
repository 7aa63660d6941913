package io.previs.diffusion.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.diffusion.TestBundles;
import io.previs.diffusion.bundle.ModelBundle;
import io.previs.modeltools.diffusion.TokenizerGenerator;
import java.text.Normalizer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TokenizerTest {

  private final ModelBundle bundle = TestBundles.oracle();

  @Test
  void tokenizesChineseAndEnglishAndEndsWithEos() {
    try (PromptTokenizer t = new PromptTokenizer(bundle.tokenizer())) {
      PromptTokenizer.Tokens zh = t.tokenize("一位身穿红色斗篷的女战士在暴雨中的古城墙上奔跑，闪电划破夜空");
      PromptTokenizer.Tokens en =
          t.tokenize("A warrior in a red cloak runs along the ancient city wall");
      for (PromptTokenizer.Tokens tk : new PromptTokenizer.Tokens[] {zh, en}) {
        assertThat(tk.ids()[tk.ids().length - 1]).isEqualTo(TokenizerGenerator.EOS);
        assertThat(tk.ids()).doesNotContain((long) TokenizerGenerator.UNK);
        assertThat(tk.mask()).containsOnly(1L);
        assertThat(tk.truncated()).isFalse();
      }
      // Whole words from the vocabulary, not letters: "warrior", "cloak" are single pieces.
      assertThat(t.pieces("warrior cloak")).containsExactly("\u2581warrior", "\u2581cloak");
      assertThat(t.pieces("红色斗篷")).containsExactly("\u2581红色", "斗篷");
    }
  }

  @Test
  void unknownCharactersFallBackToBytesAndDecodeLosslessly() {
    try (PromptTokenizer t = new PromptTokenizer(bundle.tokenizer())) {
      String text = "麒麟 🐉 über";
      String[] pieces = t.pieces(text);
      assertThat(pieces).anyMatch(p -> p.matches("<0x[0-9A-F]{2}>"));
      PromptTokenizer.Tokens tokens = t.tokenize(text);
      assertThat(tokens.ids()).doesNotContain((long) TokenizerGenerator.UNK);
    }
  }

  @Test
  void longPromptsAreTruncatedAndFlagged() {
    try (PromptTokenizer t = new PromptTokenizer(bundle.tokenizer())) {
      String longPrompt = "storm ".repeat(600);
      PromptTokenizer.Tokens tokens = t.tokenize(longPrompt);
      assertThat(tokens.truncated()).isTrue();
      assertThat(tokens.ids()).hasSize(bundle.tokenizer().maxLength());
    }
  }

  @Test
  void emptyPromptStillYieldsOneToken() {
    try (PromptTokenizer t = new PromptTokenizer(bundle.tokenizer())) {
      assertThat(t.tokenize("").ids()).isNotEmpty();
      assertThat(Normalizer.normalize("，", Normalizer.Form.NFKC)).isEqualTo(",");
      assertThat(Arrays.asList(t.pieces("，"))).isNotEmpty();
    }
  }
}
