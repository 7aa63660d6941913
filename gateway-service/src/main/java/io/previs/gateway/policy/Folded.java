package io.previs.gateway.policy;

import java.text.Normalizer;
import java.util.Arrays;

/**
 * Text as the policy matches it: the letters and digits of a prompt, folded so that the usual ways
 * of writing a listed word differently all give the same letters, each still knowing where in the
 * prompt it came from (a decision names the span the writer typed, not the folded one).
 *
 * <ul>
 *   <li>compatibility forms and accents: Unicode NFKD with combining marks dropped (full-width
 *       {@code ｐｏｒｎ}, styled {@code 𝐩𝐨𝐫𝐧}, {@code pörn} all read {@code porn});
 *   <li>case: lower case;
 *   <li>look-alike letters: Cyrillic and Greek letters that look Latin ({@code рогn} with a
 *       Cyrillic р, о and г is {@code porn}); in a word that has letters, the digits and symbols
 *       people use for letters ({@code p0rn}, {@code @ss}, {@code k1ll});
 *   <li>traditional Chinese characters to simplified ({@link HanVariants});
 *   <li>invisible characters (zero-width spaces and joiners, soft hyphens, bidi controls) dropped
 *       without breaking the word;
 *   <li>everything else — spaces, punctuation, symbols — removed, but remembered as a word break,
 *       so {@code p o r n} and {@code p.o.r.n} are found (as a word spelt out in letters of one or
 *       two) while {@code grape} and {@code skill} do not hold {@code rape} or {@code kill}.
 * </ul>
 *
 * Every Han character is a word of its own: Chinese has no spaces to tell words by.
 */
final class Folded {

  final int[] cps;

  /** Where in the original text each folded letter starts and ends (UTF-16 indices). */
  final int[] from;

  final int[] to;

  /** The word each letter belongs to (0-based, in order). */
  final int[] word;

  /** Each word's first and last letter. */
  final int[] wordFirst;

  /** Whether white space (not only punctuation) came between a word and the one before it. */
  final boolean[] spaceBefore;

  final int[] wordLast;
  final int length;
  final int words;

  private Folded(
      int[] cps,
      int[] from,
      int[] to,
      int[] word,
      int[] wordFirst,
      int[] wordLast,
      boolean[] spaceBefore,
      int length,
      int words) {
    this.cps = cps;
    this.from = from;
    this.to = to;
    this.word = word;
    this.wordFirst = wordFirst;
    this.wordLast = wordLast;
    this.spaceBefore = spaceBefore;
    this.length = length;
    this.words = words;
  }

  static Folded of(String text, HanVariants han) {
    int n = text.length();
    int[] cps = new int[n * 2 + 4];
    int[] from = new int[cps.length];
    int[] to = new int[cps.length];
    int[] word = new int[cps.length];
    int len = 0;
    int words = 0;
    boolean inWord = false;
    int wordStart = 0;
    boolean wordHasLetter = false;
    int[] wordFirst = new int[cps.length];
    int[] wordLast = new int[cps.length];
    boolean[] spaceBefore = new boolean[cps.length];
    boolean sawSpace = false;
    for (int i = 0; i < n; ) {
      int cp = text.codePointAt(i);
      int next = i + Character.charCount(cp);
      if (invisible(cp)) {
        i = next;
        continue;
      }
      String parts =
          cp < 0x80
              ? null
              : Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKD);
      int count = parts == null ? 1 : parts.length();
      for (int k = 0; k < count; ) {
        int d = parts == null ? cp : parts.codePointAt(k);
        k += parts == null ? 1 : Character.charCount(d);
        if (Character.getType(d) == Character.NON_SPACING_MARK) {
          continue; // an accent: the letter before it stands for both
        }
        int c = lookAlike(Character.toLowerCase(d));
        boolean isHan = Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
        boolean letterish = Character.isLetterOrDigit(c) || c == '@' || c == '$';
        if (!letterish) {
          sawSpace |= Character.isWhitespace(c) || Character.isSpaceChar(c);
          if (inWord) {
            words = closeWord(cps, wordStart, len, wordHasLetter, wordFirst, wordLast, words);
            inWord = false;
          }
          continue;
        }
        if (isHan && inWord) {
          words = closeWord(cps, wordStart, len, wordHasLetter, wordFirst, wordLast, words);
          inWord = false;
        }
        if (!inWord) {
          inWord = true;
          wordStart = len;
          wordHasLetter = false;
          if (words == spaceBefore.length) {
            spaceBefore = Arrays.copyOf(spaceBefore, words * 2);
          }
          spaceBefore[words] = sawSpace;
          sawSpace = false;
        }
        wordHasLetter |= Character.isLetter(c);
        if (len == cps.length) { // a compatibility character that stands for many (﷽)
          cps = Arrays.copyOf(cps, len * 2);
          from = Arrays.copyOf(from, len * 2);
          to = Arrays.copyOf(to, len * 2);
          word = Arrays.copyOf(word, len * 2);
          wordFirst = Arrays.copyOf(wordFirst, len * 2);
          wordLast = Arrays.copyOf(wordLast, len * 2);
          spaceBefore = Arrays.copyOf(spaceBefore, len * 2);
        }
        cps[len] = isHan ? han.simplified(c) : c;
        from[len] = i;
        to[len] = next;
        word[len] = words;
        len++;
        if (isHan) {
          words = closeWord(cps, wordStart, len, wordHasLetter, wordFirst, wordLast, words);
          inWord = false;
        }
      }
      i = next;
    }
    if (inWord) {
      words = closeWord(cps, wordStart, len, wordHasLetter, wordFirst, wordLast, words);
    }
    return new Folded(
        cps,
        from,
        to,
        word,
        Arrays.copyOf(wordFirst, words),
        Arrays.copyOf(wordLast, words),
        Arrays.copyOf(spaceBefore, words),
        len,
        words);
  }

  /** Ends the word of letters [start, end): in a word with letters, digits are letters too. */
  private static int closeWord(
      int[] cps, int start, int end, boolean hasLetter, int[] first, int[] last, int words) {
    if (hasLetter) {
      for (int j = start; j < end; j++) {
        cps[j] = leet(cps[j]);
      }
    }
    first[words] = start;
    last[words] = end - 1;
    return words + 1;
  }

  /** The letters of words {@code w}'s word, as many as it has. */
  int wordLength(int w) {
    return wordLast[w] - wordFirst[w] + 1;
  }

  private static boolean invisible(int cp) {
    int type = Character.getType(cp);
    return type == Character.FORMAT // zero-width space/joiners, soft hyphen, bidi marks, BOM
        || (cp >= 0xFE00 && cp <= 0xFE0F) // variation selectors
        || (cp >= 0xE0100 && cp <= 0xE01EF);
  }

  private static int leet(int c) {
    return switch (c) {
      case '0' -> 'o';
      case '1' -> 'i';
      case '3' -> 'e';
      case '4', '@' -> 'a';
      case '5', '$' -> 's';
      case '7' -> 't';
      case '8' -> 'b';
      case '9' -> 'g';
      default -> c;
    };
  }

  /** Letters of other scripts that are drawn as Latin ones (lower case in, lower case out). */
  private static int lookAlike(int c) {
    return switch (c) {
      // Cyrillic
      case 'а' -> 'a';
      case 'в' -> 'b';
      case 'е', 'ё', 'є' -> 'e';
      case 'к' -> 'k';
      case 'м' -> 'm';
      case 'н' -> 'h';
      case 'о' -> 'o';
      case 'р' -> 'p';
      case 'с' -> 'c';
      case 'т' -> 't';
      case 'у' -> 'y';
      case 'х' -> 'x';
      case 'і', 'ї' -> 'i';
      case 'ј' -> 'j';
      case 'ѕ' -> 's';
      case 'ԁ' -> 'd';
      case 'ӏ' -> 'l';
      case 'г' -> 'r';
      case 'п' -> 'n';
      case 'ш' -> 'w';
      // Greek
      case 'α' -> 'a';
      case 'β' -> 'b';
      case 'ε' -> 'e';
      case 'η' -> 'n';
      case 'ι' -> 'i';
      case 'κ' -> 'k';
      case 'ν' -> 'v';
      case 'ο' -> 'o';
      case 'ρ' -> 'p';
      case 'τ' -> 't';
      case 'υ' -> 'u';
      case 'χ' -> 'x';
      case 'ω' -> 'w';
      // Latin letters NFKD leaves whole
      case 'ı' -> 'i';
      case 'ł' -> 'l';
      case 'ø' -> 'o';
      case 'đ' -> 'd';
      case 'ɡ' -> 'g';
      default -> c;
    };
  }
}
