package io.previs.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.contracts.job.JobEvent.Policy;
import io.previs.contracts.job.JobEvent.PolicyFinding;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The issue's measure: at least 99 % of the labelled prompts that must be blocked or reviewed are
 * caught in their category, at most 1 % of the benign ones are flagged at all, and the policy
 * decides a request in at most 2 ms at the 99th percentile with every list at 1,000 terms. The
 * lists are grown to 1,000 terms with made-up words (of Latin letters and of rare Han characters)
 * that no prompt holds, so the figures are for the automaton's size, not for extra findings.
 */
class PolicyCorpusTest {

  static final int TERMS_PER_LIST = 1000;

  @Test
  void theCorpusIsCaughtWithoutFalsePositivesWithinTheTimeGoalAtAThousandTermsAList() {
    Random r = new Random(20261202);
    Map<String, String> lists = builtInLists();
    List<PolicyCorpus.Labelled> flagged = PolicyCorpus.flagged(lists, r);
    List<PolicyCorpus.Labelled> benign = PolicyCorpus.benign(r);
    assertThat(flagged).hasSizeGreaterThanOrEqualTo(300);
    assertThat(benign).hasSizeGreaterThanOrEqualTo(500);

    PolicySource source = new PolicySource(PolicySettings.defaults(), null);
    Map<String, String> grown = new TreeMap<>();
    lists.forEach(
        (category, text) -> grown.put("policy/lists/" + category + ".txt", grow(text, r)));
    ContentPolicy policy = source.compile(grown);
    assertThat(policy.size()).isGreaterThanOrEqualTo(TERMS_PER_LIST * lists.size());

    Map<String, int[]> byCategory = new TreeMap<>(); // caught, total
    List<String> missed = new ArrayList<>();
    for (PolicyCorpus.Labelled l : flagged) {
      Policy p = decide(policy, l.text());
      boolean caught =
          !p.action().equals("allow")
              && p.findings().stream().map(PolicyFinding::category).anyMatch(l.category()::equals);
      int[] c = byCategory.computeIfAbsent(l.category(), k -> new int[2]);
      c[1]++;
      if (caught) {
        c[0]++;
      } else {
        missed.add(l.category() + " (" + l.how() + "): " + l.text() + " -> " + p.findings());
      }
    }
    Map<String, int[]> falsePositives = new TreeMap<>();
    // which category wrongly held or blocked a benign prompt: every category is counted, zeros too
    Map<String, Integer> fpByCategory = new TreeMap<>();
    byCategory.keySet().forEach(k -> fpByCategory.put(k, 0));
    List<String> flaggedBenign = new ArrayList<>();
    for (PolicyCorpus.Labelled l : benign) {
      Policy p = decide(policy, l.text());
      int[] c = falsePositives.computeIfAbsent(l.how(), k -> new int[2]);
      c[1]++;
      if (!p.action().equals("allow")) {
        c[0]++;
        flaggedBenign.add(l.text() + " -> " + p.findings());
        p.findings().stream()
            .filter(f -> !f.action().equals("allow"))
            .map(PolicyFinding::category)
            .distinct()
            .forEach(k -> fpByCategory.merge(k, 1, Integer::sum));
      }
    }

    // time per request: the best of three rounds over every prompt, after a warm-up round
    List<String> all = new ArrayList<>();
    flagged.forEach(l -> all.add(l.text()));
    benign.forEach(l -> all.add(l.text()));
    long[] best = null;
    for (int round = 0; round < 4; round++) {
      long[] nanos = new long[all.size()];
      for (int i = 0; i < all.size(); i++) {
        long t0 = System.nanoTime();
        decide(policy, all.get(i));
        nanos[i] = System.nanoTime() - t0;
      }
      Arrays.sort(nanos);
      if (round > 0
          && (best == null || nanos[nanos.length * 99 / 100] < best[best.length * 99 / 100])) {
        best = nanos;
      }
    }
    double p50 = best[best.length / 2] / 1e6;
    double p99 = best[best.length * 99 / 100] / 1e6;

    int caught = byCategory.values().stream().mapToInt(c -> c[0]).sum();
    int fp = falsePositives.values().stream().mapToInt(c -> c[0]).sum();
    StringBuilder figure = new StringBuilder("FIGURE policy corpus:");
    byCategory.forEach(
        (k, c) ->
            figure.append(
                String.format(" %s %d/%d (%.1f%%);", k, c[0], c[1], 100.0 * c[0] / c[1])));
    figure.append(
        String.format(
            " caught %d/%d (%.2f%%); benign flagged %d/%d (%.2f%%) %s; p50 %.3f ms, p99 %.3f ms per"
                + " request at %d terms (%d lists of %d)",
            caught,
            flagged.size(),
            100.0 * caught / flagged.size(),
            fp,
            benign.size(),
            100.0 * fp / benign.size(),
            describe(falsePositives),
            p50,
            p99,
            policy.size(),
            lists.size(),
            TERMS_PER_LIST));
    figure.append("; benign flagged by category ").append(fpByCategory);
    System.out.println(figure);
    missed.forEach(m -> System.out.println("MISSED " + m));
    flaggedBenign.forEach(m -> System.out.println("FALSE POSITIVE " + m));

    assertThat(100.0 * caught / flagged.size())
        .as("caught %%: %s", missed)
        .isGreaterThanOrEqualTo(99.0);
    byCategory.forEach(
        (k, c) ->
            assertThat(100.0 * c[0] / c[1]).as("caught %% in %s", k).isGreaterThanOrEqualTo(95.0));
    assertThat(100.0 * fp / benign.size())
        .as("false positives: %s", flaggedBenign)
        .isLessThanOrEqualTo(1.0);
    fpByCategory.forEach(
        (k, n) ->
            assertThat(100.0 * n / benign.size())
                .as("false positives of %s: %s", k, flaggedBenign)
                .isLessThanOrEqualTo(1.0));
    assertThat(p99).as("p99 ms per request").isLessThanOrEqualTo(2.0);
  }

  private static String describe(Map<String, int[]> m) {
    StringBuilder b = new StringBuilder("(");
    m.forEach(
        (k, c) ->
            b.append(b.length() > 1 ? ", " : "")
                .append(k)
                .append(" ")
                .append(c[0])
                .append("/")
                .append(c[1]));
    return b.append(")").toString();
  }

  private static Policy decide(ContentPolicy policy, String prompt) {
    return policy.check("acme", List.of(new ContentPolicy.Prompt("shots[0].prompt", prompt)));
  }

  /** The list with made-up terms to {@link #TERMS_PER_LIST}: Latin words and rare Han pairs. */
  private static String grow(String list, Random r) {
    StringBuilder b =
        new StringBuilder(list)
            .append("\n# made-up terms to reach ")
            .append(TERMS_PER_LIST)
            .append('\n');
    long have = list.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
    for (long i = have; i < TERMS_PER_LIST; i++) {
      if (i % 2 == 0) {
        StringBuilder w = new StringBuilder("zq");
        for (int k = 0; k < 5 + r.nextInt(5); k++) {
          w.append((char) ('a' + r.nextInt(26)));
        }
        b.append(w).append('\n');
      } else {
        // CJK Extension A: characters no previs prompt uses
        b.appendCodePoint(0x3400 + r.nextInt(6000))
            .appendCodePoint(0x3400 + r.nextInt(6000))
            .append('\n');
      }
    }
    return b.toString();
  }

  static Map<String, String> builtInLists() {
    Map<String, String> lists = new TreeMap<>();
    for (String category : PolicySettings.DEFAULT_ACTIONS.keySet()) {
      try (InputStream in =
          PolicyCorpusTest.class.getResourceAsStream("/policy/default/" + category + ".txt")) {
        lists.put(category, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return lists;
  }
}
