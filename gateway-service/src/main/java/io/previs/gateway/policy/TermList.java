package io.previs.gateway.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The format of a list file ({@code <category>.txt}, UTF-8), one entry per line:
 *
 * <pre>
 * # a comment
 * dismember*                 a term; '*' at the end: any ending (dismembered, dismemberment)
 * child porn                 a phrase: found with its spaces, without them, or spelt out
 * Jane Roe | 简·罗 | J. Roe     a name and its aliases: any of them is the entry
 * !特色情节                   an exception: benign wording that holds a term of this list
 * </pre>
 *
 * A term must fold to at least two letters (one would be found in every spelt-out word).
 */
final class TermList {

  static final Pattern CATEGORY = Pattern.compile("[a-z][a-z-]{0,31}");

  private TermList() {}

  /**
   * @param source where the list is, for the rule a finding names ({@code builtin:sexual.txt})
   * @param nextId the id the first term gets (ids index one matcher's terms)
   * @throws IllegalArgumentException naming the source, line and what is wrong
   */
  static List<TermMatcher.Term> parse(
      String source, String category, String text, HanVariants han, int nextId) {
    if (!CATEGORY.matcher(category).matches()) {
      throw new IllegalArgumentException(
          source + ": category '" + category + "' must match " + CATEGORY.pattern());
    }
    List<TermMatcher.Term> terms = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      boolean exception = line.startsWith("!");
      if (exception) {
        line = line.substring(1).strip();
      }
      String[] aliases = line.split("\\|");
      String name = aliases[0].strip();
      for (String alias : aliases) {
        String a = alias.strip();
        boolean prefix = a.endsWith("*");
        if (prefix) {
          a = a.substring(0, a.length() - 1).strip();
        }
        Folded f = Folded.of(a, han);
        String rule = source + ":" + (n + 1);
        if (f.length < 2) {
          throw new IllegalArgumentException(
              rule + ": '" + a + "' has fewer than 2 letters once folded; a term needs 2 or more");
        }
        Set<Integer> breaks = new HashSet<>();
        boolean isHan = false;
        for (int i = 0; i < f.length; i++) {
          if (i > 0 && f.word[i] != f.word[i - 1]) {
            breaks.add(i);
          }
          isHan |= Character.UnicodeScript.of(f.cps[i]) == Character.UnicodeScript.HAN;
        }
        terms.add(
            new TermMatcher.Term(
                nextId + terms.size(),
                category,
                name,
                java.util.Arrays.copyOf(f.cps, f.length),
                Set.copyOf(breaks),
                isHan,
                prefix,
                exception,
                rule));
      }
    }
    return terms;
  }
}
