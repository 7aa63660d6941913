package io.previs.gateway.policy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every listed term in a prompt in one pass over its folded letters (Aho–Corasick: time linear in
 * the prompt plus the matches, whatever the number of terms), then each match held to word
 * boundaries.
 *
 * <p>A term in Latin letters must start where a word starts and end where one ends (or before an
 * English inflection: {@code bombs}, {@code beheaded}, {@code killings}; or anywhere, for a term
 * written with a trailing {@code *}). A match over several words stands when the words break where
 * the term's do ({@code child porn}), or when the word is spelt out to slip by: letter by letter
 * ({@code p o r n}, {@code p.o.r.n}) or in pairs joined by punctuation ({@code po.rn}). A term with
 * a Han character matches anywhere: Chinese has no spaces. An exception ({@code !特色情节}) that covers
 * a match takes it back.
 */
final class TermMatcher {

  /** A term as compiled, with where it came from. */
  record Term(
      int id,
      String category,
      String text,
      int[] cps,
      Set<Integer> breaks,
      boolean han,
      boolean prefix,
      boolean exception,
      String rule) {}

  /** A term found: its first and last folded letter. */
  record Hit(Term term, int first, int last) {}

  private static final List<String> SUFFIXES =
      List.of("s", "es", "ed", "d", "ing", "ings", "er", "ers", "ion", "ions", "ment");

  private final List<Term> terms;
  private final Map<Long, Integer> go = new HashMap<>();
  private final List<int[]> out = new ArrayList<>();
  private int[] fail = new int[16];
  private int nodes = 1;

  TermMatcher(List<Term> terms) {
    this.terms = List.copyOf(terms);
    out.add(new int[0]);
    for (Term t : terms) {
      int node = 0;
      for (int cp : t.cps()) {
        Integer next = go.get(key(node, cp));
        if (next == null) {
          next = nodes++;
          go.put(key(node, cp), next);
          out.add(new int[0]);
        }
        node = next;
      }
      int[] o = out.get(node);
      int[] grown = Arrays.copyOf(o, o.length + 1);
      grown[o.length] = t.id();
      out.set(node, grown);
    }
    buildFailureLinks();
  }

  int size() {
    return terms.size();
  }

  private void buildFailureLinks() {
    fail = new int[nodes];
    // children of each node, for the breadth-first walk
    Map<Integer, List<long[]>> children = new HashMap<>();
    for (var e : go.entrySet()) {
      int parent = (int) (e.getKey() >>> 21);
      int cp = (int) (e.getKey() & 0x1FFFFF);
      children.computeIfAbsent(parent, k -> new ArrayList<>()).add(new long[] {cp, e.getValue()});
    }
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (long[] c : children.getOrDefault(0, List.of())) {
      fail[(int) c[1]] = 0;
      queue.add((int) c[1]);
    }
    while (!queue.isEmpty()) {
      int node = queue.poll();
      for (long[] c : children.getOrDefault(node, List.of())) {
        int cp = (int) c[0];
        int child = (int) c[1];
        int f = fail[node];
        while (f != 0 && !go.containsKey(key(f, cp))) {
          f = fail[f];
        }
        Integer g = go.get(key(f, cp));
        fail[child] = g != null && g != child ? g : 0;
        int[] own = out.get(child);
        int[] inherited = out.get(fail[child]);
        if (inherited.length > 0) {
          int[] both = Arrays.copyOf(own, own.length + inherited.length);
          System.arraycopy(inherited, 0, both, own.length, inherited.length);
          out.set(child, both);
        }
        queue.add(child);
      }
    }
  }

  private static long key(int node, int cp) {
    return ((long) node << 21) | cp;
  }

  /** Every term that stands in {@code text}, exceptions applied. */
  List<Hit> find(Folded text) {
    List<Hit> hits = new ArrayList<>();
    List<Hit> exceptions = new ArrayList<>();
    int node = 0;
    for (int i = 0; i < text.length; i++) {
      int cp = text.cps[i];
      while (node != 0 && !go.containsKey(key(node, cp))) {
        node = fail[node];
      }
      Integer next = go.get(key(node, cp));
      node = next == null ? 0 : next;
      for (int id : out.get(node)) {
        Term t = terms.get(id);
        int first = i - t.cps().length + 1;
        if (t.exception() && t.han() ? contiguous(text, first, i) : stands(t, text, first, i)) {
          (t.exception() ? exceptions : hits).add(new Hit(t, first, i));
        }
      }
    }
    if (!exceptions.isEmpty()) {
      hits.removeIf(
          h ->
              exceptions.stream()
                  .anyMatch(
                      x ->
                          x.term().category().equals(h.term().category())
                              && x.first() <= h.first()
                              && x.last() >= h.last()));
    }
    return longest(hits);
  }

  /** A hit inside a longer one of its category is the same finding (Ghibli in Studio Ghibli). */
  private static List<Hit> longest(List<Hit> hits) {
    if (hits.size() < 2) {
      return hits;
    }
    List<Hit> bySize = new ArrayList<>(hits);
    bySize.sort((a, b) -> Integer.compare(b.last() - b.first(), a.last() - a.first()));
    List<Hit> kept = new ArrayList<>();
    for (Hit h : bySize) {
      boolean inside =
          kept.stream()
              .anyMatch(
                  k ->
                      k.term().category().equals(h.term().category())
                          && k.first() <= h.first()
                          && k.last() >= h.last());
      if (!inside) {
        kept.add(h);
      }
    }
    kept.sort((a, b) -> Integer.compare(a.first(), b.first()));
    return kept;
  }

  /**
   * An exception is benign wording written as such: its letters side by side in the prompt, as
   * {@code 角色情感} — {@code 中景，色情} folds to the same letters but is no exception.
   */
  private static boolean contiguous(Folded text, int first, int last) {
    for (int i = first + 1; i <= last; i++) {
      if (text.from[i] != text.to[i - 1]) {
        return false;
      }
    }
    return true;
  }

  private static boolean stands(Term t, Folded text, int first, int last) {
    if (t.han()) {
      return true;
    }
    int w0 = text.word[first];
    int w1 = text.word[last];
    if (text.wordFirst[w0] != first) {
      return false;
    }
    if (text.wordLast[w1] != last && !t.prefix() && !inflection(text, last, text.wordLast[w1])) {
      return false;
    }
    if (w0 == w1) {
      return true; // one word, the phrase's spaces left out or not
    }
    // Spelt out: letters one by one (p o r n, p.o.r.n), or in pairs joined by punctuation
    // (po.rn, po-rn) — pairs between spaces are everyday words (go re-shoot).
    boolean single = true;
    boolean pairs = true;
    for (int w = w0; w <= w1; w++) {
      single &= text.wordLength(w) == 1;
      pairs &= text.wordLength(w) <= 2 && (w == w0 || !text.spaceBefore[w]);
    }
    if (single || pairs) {
      return true;
    }
    // the words break where the term's words do
    for (int i = first + 1; i <= last; i++) {
      boolean breaksHere = text.word[i] != text.word[i - 1];
      if (breaksHere != t.breaks().contains(i - first)) {
        return false;
      }
    }
    return true;
  }

  private static boolean inflection(Folded text, int last, int wordLast) {
    int n = wordLast - last;
    if (n > 5) {
      return false;
    }
    StringBuilder rest = new StringBuilder();
    for (int i = last + 1; i <= wordLast; i++) {
      rest.appendCodePoint(text.cps[i]);
    }
    return SUFFIXES.contains(rest.toString());
  }
}
