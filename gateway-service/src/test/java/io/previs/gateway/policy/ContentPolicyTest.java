package io.previs.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.previs.contracts.job.JobEvent.Policy;
import io.previs.contracts.job.JobEvent.PolicyFinding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContentPolicyTest {

  static final PolicySource BUILT_IN = new PolicySource(PolicySettings.defaults(), null);

  static Policy check(String prompt) {
    return BUILT_IN.current().check("acme", List.of(new ContentPolicy.Prompt("prompt", prompt)));
  }

  @Test
  void aFindingNamesTheCategoryTheSpanAsTypedTheTermAndTheRule() {
    String prompt = "wide shot, a ｐ０ｒｎ set in a motel";
    Policy p = check(prompt);
    assertThat(p.action()).isEqualTo("block");
    PolicyFinding f = p.findings().getFirst();
    assertThat(f.category()).isEqualTo("sexual");
    assertThat(f.text()).isEqualTo("ｐ０ｒｎ");
    assertThat(prompt.substring(f.start(), f.end())).isEqualTo("ｐ０ｒｎ");
    assertThat(f.term()).isEqualTo("porn*");
    assertThat(f.rule()).startsWith("builtin:sexual.txt:2").endsWith("sexual: block");
    assertThat(p.version()).startsWith("builtin@");
  }

  @Test
  void evasionsOfOneWordAreAllFound() {
    for (String evasion :
        List.of(
            "PORN",
            "p o r n",
            "p.o.r.n",
            "p-o-r-n",
            "po.rn",
            "p\u200Bo\u200Brn",
            "\u0440\u043Ern", // Cyrillic р, о
            "p0rn",
            "pörn",
            "𝐩𝐨𝐫𝐧",
            "porno")) {
      assertThat(check("a " + evasion + " scene").findings())
          .as(evasion)
          .extracting(PolicyFinding::category)
          .contains("sexual");
    }
    for (String zh : List.of("色情", "色 情", "色*情", "色\u200D情", "強姦", "殺人分屍")) {
      assertThat(check("画面：" + zh + "，特写").action()).as(zh).isNotEqualTo("allow");
    }
  }

  @Test
  void wordsThatHoldATermAcrossOrInsideWordsAreNotFindings() {
    for (String benign :
        List.of(
            "a grape harvest in Essex, skilled pickers, golden hour",
            "the director shoots the scene in one take; the sniper shoots the general",
            "let's go re-shoot the gunfight with more explosions",
            "角色情感细腻，特色情节，夜色情调，出口交易，做爱心便当",
            "a hiker in a Gore-Tex jacket watches with the naked eye",
            "a pedometer on the wrist of a marathon runner",
            "a surgeon opens the patient's chest in the operating theatre",
            "soldiers storm the beach in 1944 as artillery explodes around them",
            "独自伤心的女孩在雨中，给橘子剥皮")) {
      assertThat(check(benign).findings()).as(benign).isEmpty();
    }
  }

  @Test
  void childWordsBesideSexualOnesAreMinorsAndThatCannotBeSoftened() {
    assertThat(check("a kid in the park at dusk").findings()).isEmpty();
    Policy p = check("a naked child on the beach");
    assertThat(p.action()).isEqualTo("block");
    assertThat(p.findings()).extracting(PolicyFinding::category).contains("minors", "nudity");
    PolicySource relaxed =
        new PolicySource(
            new PolicySettings(
                true,
                java.time.Duration.ofSeconds(30),
                Map.of("minors", "allow", "nudity", "allow")),
            null);
    Policy again =
        relaxed
            .current()
            .check(null, List.of(new ContentPolicy.Prompt("p", "a naked child on the beach")));
    assertThat(again.action()).isEqualTo("block");
  }

  @Test
  void studioOverlaysAddTermsGrantActionsAndLicenceStyles() {
    PolicySource source = new PolicySource(PolicySettings.defaults(), null);
    ContentPolicy p =
        source.compile(
            Map.of(
                "policy/policy.json",
                "{\"label\":\"ops-7\",\"actions\":{\"violence\":\"allow\"}}",
                "policy/studios/acme/lists/likeness.txt",
                "# acme's talent who have not signed\nJane Roe | 简·罗\n",
                "policy/studios/acme/policy.json",
                "{\"allowedStyles\":[\"studio ghibli\"],\"actions\":{\"politics\":\"block\"}}"));
    var prompts =
        List.of(
            new ContentPolicy.Prompt("shots[0].prompt", "Jane Roe walks in, Studio Ghibli style"),
            new ContentPolicy.Prompt("shots[1].prompt", "a beheading in the square"),
            new ContentPolicy.Prompt("shots[2].prompt", "stolen election rally"));
    Policy acme = p.check("acme", prompts);
    assertThat(acme.version()).startsWith("ops-7@").contains("+studio:acme@");
    assertThat(acme.findings())
        .extracting(PolicyFinding::category, PolicyFinding::action, PolicyFinding::field)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("likeness", "block", "shots[0].prompt"),
            org.assertj.core.groups.Tuple.tuple("style", "allow", "shots[0].prompt"),
            org.assertj.core.groups.Tuple.tuple("violence", "allow", "shots[1].prompt"),
            org.assertj.core.groups.Tuple.tuple("politics", "block", "shots[2].prompt"));
    Policy other = p.check("globex", prompts);
    assertThat(other.findings())
        .extracting(PolicyFinding::category, PolicyFinding::action)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("style", "block"),
            org.assertj.core.groups.Tuple.tuple("violence", "allow"),
            org.assertj.core.groups.Tuple.tuple("politics", "review"));
  }

  @Test
  void aBadListIsRefusedNamingTheFileLineAndLimit() {
    PolicySource source = new PolicySource(PolicySettings.defaults(), null);
    assertThatThrownBy(() -> source.compile(Map.of("policy/lists/violence.txt", "gore\nx\n")))
        .hasMessageContaining("storage:policy/lists/violence.txt:2")
        .hasMessageContaining("fewer than 2 letters");
    assertThatThrownBy(
            () ->
                source.compile(
                    Map.of("policy/policy.json", "{\"actions\":{\"sexual\":\"maybe\"}}")))
        .hasMessageContaining("actions.sexual")
        .hasMessageContaining("block, review, allow");
  }
}
