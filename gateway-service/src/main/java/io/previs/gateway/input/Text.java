package io.previs.gateway.input;

/**
 * What the gateway means by blank and by unprintable, decided here once for every text field a
 * client sends (prompts, ids, labels, reviewer names, notes).
 *
 * <p>Blank: nothing a person would see — no code point other than white space, control and format
 * characters (zero-width spaces and joiners, bidi marks, the byte-order mark, soft hyphens) and the
 * fillers and selectors that render as nothing (Hangul fillers, the braille blank, variation
 * selectors, the combining grapheme joiner). A prompt of only such characters renders as an empty
 * prompt, so it is refused as blank rather than silently sent to the model.
 *
 * <p>Unprintable: control characters (C0, DEL, C1). Multi-line fields (prompts, notes) may hold
 * tab, line feed and carriage return; nothing else may hold any.
 */
public final class Text {

  private Text() {}

  /** True for null, empty, or text with no visible code point. */
  public static boolean blank(String s) {
    if (s == null) {
      return true;
    }
    return s.codePoints().allMatch(Text::invisible);
  }

  /** Code points that render as nothing. */
  public static boolean invisible(int cp) {
    if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
      return true;
    }
    int type = Character.getType(cp);
    if (type == Character.CONTROL || type == Character.FORMAT) {
      return true;
    }
    return cp == 0x034F // combining grapheme joiner
        || cp == 0x115F
        || cp == 0x1160
        || cp == 0x3164
        || cp == 0xFFA0 // Hangul fillers
        || cp == 0x2800 // braille pattern blank
        || (cp >= 0x180B && cp <= 0x180F) // Mongolian variation selectors and vowel separator
        || (cp >= 0xFE00 && cp <= 0xFE0F) // variation selectors
        || (cp >= 0xE0100 && cp <= 0xE01EF); // variation selectors supplement
  }

  /**
   * The first control character in {@code s}, described for an error message ("U+0007 at character
   * 12"), or null when there is none.
   *
   * @param multiline tab, line feed and carriage return are allowed
   */
  public static String controlCharacter(String s, boolean multiline) {
    if (s == null) {
      return null;
    }
    int index = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (Character.getType(cp) == Character.CONTROL
          && !(multiline && (cp == '\t' || cp == '\n' || cp == '\r'))) {
        return String.format("U+%04X at character %d", cp, index + 1);
      }
      i += Character.charCount(cp);
      index++;
    }
    return null;
  }

  /** Length in code points, which is what the limits count (a CJK prompt is not penalised). */
  public static int length(String s) {
    return s.codePointCount(0, s.length());
  }

  /** {@code s} shortened for an error message, with unprintable characters shown as escapes. */
  public static String quote(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder();
    int shown = 0;
    for (int i = 0; i < s.length() && shown < 40; shown++) {
      int cp = s.codePointAt(i);
      if (Character.getType(cp) == Character.CONTROL
          || Character.getType(cp) == Character.FORMAT
          || Character.isSurrogate(s.charAt(i))) {
        b.append(String.format("\\u%04X", (int) s.charAt(i)));
        i++;
        continue;
      }
      b.appendCodePoint(cp);
      i += Character.charCount(cp);
    }
    return b.length() < s.length() && shown >= 40 ? b + "…" : b.toString();
  }
}
