package io.previs.gateway.policy;

import io.previs.contracts.job.JobEvent.Policy;
import io.previs.contracts.job.JobEvent.PolicyFinding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One version of the policy, compiled: every list in one matcher, the action per category, and each
 * studio's overlay (its own terms, action settings and licensed styles). Immutable; {@link
 * PolicySource} swaps in a new one when the lists change.
 */
public final class ContentPolicy {

  /** A prompt to check: which field it is, and its text as the model will get it. */
  public record Prompt(String field, String text) {}

  /** A studio's additions: terms, actions it was granted and the styles it licensed. */
  record Overlay(
      String version,
      TermMatcher terms,
      Map<String, PolicyAction> actions,
      Set<String> allowedStyles) {
    static final Overlay NONE = new Overlay(null, null, Map.of(), Set.of());
  }

  static final String STYLE = "style";

  private final String version;
  private final TermMatcher terms;
  private final Map<String, PolicyAction> actions;
  private final Map<String, Overlay> studios;
  private final HanVariants han;

  ContentPolicy(
      String version,
      TermMatcher terms,
      Map<String, PolicyAction> actions,
      Map<String, Overlay> studios,
      HanVariants han) {
    this.version = version;
    this.terms = terms;
    this.actions = Map.copyOf(actions);
    this.studios = Map.copyOf(studios);
    this.han = han;
  }

  public String version() {
    return version;
  }

  /** How many terms (aliases and exceptions included) the deployment's lists hold. */
  public int size() {
    return terms.size();
  }

  public Map<String, PolicyAction> actions() {
    return actions;
  }

  /** The decision on a request's prompts for {@code studio} (null: the deployment's lists only). */
  public Policy check(String studio, List<Prompt> prompts) {
    Overlay overlay = studio == null ? Overlay.NONE : studios.getOrDefault(studio, Overlay.NONE);
    List<PolicyFinding> findings = new ArrayList<>();
    PolicyAction strongest = PolicyAction.ALLOW;
    Map<String, Boolean> seen = new HashMap<>();
    for (Prompt p : prompts) {
      if (p.text() == null || p.text().isEmpty()) {
        continue;
      }
      Folded f = Folded.of(p.text(), han);
      List<TermMatcher.Hit> hits = new ArrayList<>(terms.find(f));
      if (overlay.terms() != null) {
        hits.addAll(overlay.terms().find(f));
      }
      hits = escalated(hits);
      for (TermMatcher.Hit h : hits) {
        int start = f.from[h.first()];
        int end = f.to[h.last()];
        if (seen.putIfAbsent(p.field() + ":" + start + ":" + end + ":" + h.term().category(), true)
            != null) {
          continue; // two aliases of one entry, or a deployment and a studio term, on one span
        }
        String category = h.term().category();
        PolicyAction action;
        String why;
        if (STYLE.equals(category) && overlay.allowedStyles().contains(key(h.term().text()))) {
          action = PolicyAction.ALLOW;
          why = "; allowed: licensed by studio " + studio;
        } else if (PolicySettings.MINORS.equals(category)) {
          action = PolicyAction.BLOCK;
          why = "; minors: always block";
        } else if (overlay.actions().containsKey(category)) {
          action = overlay.actions().get(category);
          why = "; " + category + ": " + action.wire() + " (studio " + studio + ")";
        } else {
          action = actions.getOrDefault(category, PolicyAction.REVIEW);
          why = "; " + category + ": " + action.wire();
        }
        strongest = strongest.stronger(action);
        findings.add(
            new PolicyFinding(
                category,
                action.wire(),
                p.field(),
                start,
                end,
                p.text().substring(start, end),
                h.term().text(),
                h.term().rule() + why));
      }
    }
    String v = overlay.version() == null ? version : version + "+" + overlay.version();
    return new Policy(v, strongest.wire(), List.copyOf(findings));
  }

  /**
   * Child words are no finding alone; beside a sexual or nudity finding each becomes a minors one
   * (the rule says why).
   */
  private static List<TermMatcher.Hit> escalated(List<TermMatcher.Hit> hits) {
    boolean sexual =
        hits.stream().anyMatch(h -> SEXUAL.contains(h.term().category()) && !h.term().exception());
    List<TermMatcher.Hit> out = new ArrayList<>();
    for (TermMatcher.Hit h : hits) {
      TermMatcher.Term t = h.term();
      if (!PolicySettings.MINOR_CONTEXT.equals(t.category())) {
        out.add(h);
      } else if (sexual) {
        out.add(
            new TermMatcher.Hit(
                new TermMatcher.Term(
                    t.id(),
                    PolicySettings.MINORS,
                    t.text(),
                    t.cps(),
                    t.breaks(),
                    t.han(),
                    t.prefix(),
                    false,
                    t.rule() + " beside a sexual or nudity term"),
                h.first(),
                h.last()));
      }
    }
    return out;
  }

  private static final Set<String> SEXUAL = Set.of("sexual", "nudity");

  /** A style's name as allow-lists compare it: folded, so case and spacing do not matter. */
  String key(String name) {
    Folded f = Folded.of(name, han);
    return new String(f.cps, 0, f.length);
  }
}
