package io.previs.gateway.prompts;

import io.previs.gateway.input.Text;
import java.text.Normalizer;

/**
 * The one normal form of prompt text, applied to every prompt, negative prompt and shot-form slot
 * before it is composed, checked or sent to a model: two writers who type the same words get the
 * same prompt — and the same embedding, cached once.
 *
 * <ul>
 *   <li>invisible characters dropped: zero-width spaces and joiners, bidi controls, the byte-order
 *       mark, soft hyphens, variation selectors (what {@link Text} calls invisible, less white
 *       space);
 *   <li>compatibility forms folded (Unicode NFKC): full-width Latin letters, digits and punctuation
 *       to their ASCII forms, the ideographic space to a space, ligatures and circled or styled
 *       letters to plain ones;
 *   <li>punctuation unified: curly quotes to straight ones, the ellipsis character to three dots,
 *       the Chinese comma kept (it is not a compatibility form), runs of one punctuation mark kept;
 *   <li>white space collapsed: every run (tabs and line breaks included) to one space, none at the
 *       ends.
 * </ul>
 */
public final class PromptText {

  private PromptText() {}

  /** {@code s} in normal form; null stays null. */
  public static String normalize(String s) {
    if (s == null) {
      return null;
    }
    StringBuilder visible = new StringBuilder(s.length());
    s.codePoints()
        // control characters stay: validation refuses them, naming where they are
        .filter(
            cp -> isSpace(cp) || Character.getType(cp) == Character.CONTROL || !Text.invisible(cp))
        .forEach(visible::appendCodePoint);
    String folded = Normalizer.normalize(visible, Normalizer.Form.NFKC);
    StringBuilder out = new StringBuilder(folded.length());
    boolean space = false;
    for (int i = 0; i < folded.length(); ) {
      int cp = folded.codePointAt(i);
      i += Character.charCount(cp);
      if (isSpace(cp)) {
        space = out.length() > 0;
        continue;
      }
      if (space) {
        out.append(' ');
        space = false;
      }
      switch (cp) {
        case '\u2018', '\u2019', '\u201A', '\u201B' -> out.append('\'');
        case '\u201C', '\u201D', '\u201E', '\u201F' -> out.append('"');
        case '\u2026' -> out.append("...");
        default -> out.appendCodePoint(cp);
      }
    }
    return out.toString();
  }

  private static boolean isSpace(int cp) {
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
  }

  /** Whether the text is written in Chinese (any Han character): how a composed prompt reads. */
  public static boolean chinese(String s) {
    return s != null
        && s.codePoints()
            .anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
  }
}
