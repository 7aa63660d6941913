package io.previs.gateway.prompts;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.contracts.job.JobEvent.FieldError;
import io.previs.contracts.job.RenderRequest;
import io.previs.contracts.job.RenderRequest.BeatRequest;
import io.previs.contracts.job.RenderRequest.ShotRequest;
import io.previs.contracts.job.ShotForm;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptComposerTest {

  static final PromptTemplate NOIR =
      new PromptTemplate(
          "Film noir: {subject} {action} in {environment}; {style}; {camera}",
          "黑色电影：{subject}{action}，{environment}，{style}，{camera}",
          "colour, cartoon",
          "彩色，卡通",
          List.of("subject", "action"),
          Map.of("style", "high-contrast black and white", "camera", "medium shot"),
          "the show's look");

  static final PromptComposer COMPOSER =
      new PromptComposer(
          new PromptTemplates(
              new PromptSettings(Map.of("noir", NOIR), "house", Duration.ofSeconds(30)), null));

  private static RenderRequest request(
      String prompt, ShotForm form, String template, List<ShotRequest> shots) {
    return new RenderRequest(
        1, "acme", "c1", prompt, null, shots, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, form, template);
  }

  @Test
  void theHouseTemplateComposesAChineseFormInChinese() {
    var form = new ShotForm("女主角", "奔跑于雨夜街道", "霓虹灯反射水洼", "赛博朋克风格", "手持跟拍镜头", null);
    var c = COMPOSER.compose(request(null, form, null, null));
    assertThat(c.errors()).isEmpty();
    assertThat(c.warnings()).isEmpty();
    assertThat(c.request().prompt()).isEqualTo("女主角,奔跑于雨夜街道,霓虹灯反射水洼,赛博朋克风格,手持,跟镜头");
    assertThat(c.request().form()).isNull();
    assertThat(c.shots().get(0).template()).isEqualTo("house:house");
    assertThat(c.shots().get(0).form().camera()).isEqualTo("手持,跟镜头");
  }

  @Test
  void anEnglishFormReadsInEnglishAndEmptySlotsLeaveNoStraySeparators() {
    var form = new ShotForm("the courier", "sprints across the rooftop", null, null, "ECU", "rain");
    var c = COMPOSER.compose(request(null, form, null, null));
    assertThat(c.request().prompt())
        .isEqualTo("the courier, sprints across the rooftop, extreme close-up. rain");
  }

  @Test
  void aTemplatesDefaultsFillWhatTheFormLeavesAndItsNegativePromptApplies() {
    var c =
        COMPOSER.compose(
            request(
                null,
                new ShotForm("a detective", "lights a cigarette", "a wet alley", null, null, null),
                "noir",
                null));
    assertThat(c.errors()).isEmpty();
    assertThat(c.request().prompt())
        .isEqualTo(
            "Film noir: a detective lights a cigarette in a wet alley; high-contrast black and"
                + " white; medium shot");
    assertThat(c.request().negativePrompt()).isEqualTo("colour, cartoon");
    assertThat(c.shots().get(0).template()).isEqualTo("house:noir");
  }

  @Test
  void aMissingRequiredSlotIsAFieldErrorNamingTheSlotAndTheTemplate() {
    var c =
        COMPOSER.compose(
            request(
                null,
                null,
                null,
                List.of(
                    new ShotRequest(
                        null,
                        null,
                        null,
                        null,
                        null,
                        new ShotForm("a detective", null, null, null, null, null),
                        "noir"))));
    assertThat(c.errors())
        .extracting(FieldError::field, FieldError::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "shots[0].form.action",
                "is required by template house:noir (it needs [subject, action])"));
  }

  @Test
  void anUnknownTemplateAndPromptWithFormAreFieldErrors() {
    var unknown =
        COMPOSER.compose(
            request(null, new ShotForm("x", null, null, null, null, null), "western", null));
    assertThat(unknown.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("template");
              assertThat(e.message()).contains("no template 'western'").contains("[house, noir]");
            });
    var both =
        COMPOSER.compose(
            request("a prompt", new ShotForm("x", null, null, null, null, null), null, null));
    assertThat(both.errors()).extracting(FieldError::field).containsExactly("form");
    var badName =
        COMPOSER.compose(
            request(null, new ShotForm("x", null, null, null, null, null), "Noir!", null));
    assertThat(badName.errors()).extracting(FieldError::field).containsExactly("template");
  }

  @Test
  void anUnknownCameraTermIsAWarningAndPassesThrough() {
    var c =
        COMPOSER.compose(
            request(
                null,
                new ShotForm("a dancer", "spins", null, null, "Dutch angle, close-up", null),
                null,
                null));
    assertThat(c.errors()).isEmpty();
    assertThat(c.warnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.field()).isEqualTo("form.camera");
              assertThat(w.message()).contains("'Dutch angle'");
            });
    assertThat(c.request().prompt()).isEqualTo("a dancer, spins, close-up, Dutch angle");
  }

  @Test
  void aShotListOfFiveBeatsSharesTheSequencesFormAndChangesOnlyWhatEachBeatSays() {
    // one 12 s shot: the sequence's environment, style and camera; five beats of action
    var sequence = new ShotForm("女主角", null, "雨夜的霓虹街道", "赛博朋克风格", "手持跟拍", null);
    List<BeatRequest> beats =
        List.of(
            new BeatRequest(null, 2.0, new ShotForm(null, "奔跑", null, null, null, null)),
            new BeatRequest(null, 2.0, new ShotForm(null, "回头张望", null, null, null, null)),
            new BeatRequest(null, 3.0, new ShotForm(null, "跃过水洼", null, null, "特写", null)),
            new BeatRequest(null, 2.0, new ShotForm(null, "停下喘息", null, null, null, null)),
            new BeatRequest(null, null, new ShotForm(null, "消失在人群中", null, null, "航拍 全景", null)));
    var shot =
        new ShotRequest(
            null, null, 12.0, null, beats, new ShotForm(null, "奔跑", null, null, null, null), null);
    var c = COMPOSER.compose(request(null, sequence, null, List.of(shot)));
    assertThat(c.errors()).isEmpty();
    List<String> prompts =
        c.request().shots().get(0).beats().stream().map(BeatRequest::prompt).toList();
    assertThat(prompts)
        .containsExactly(
            "女主角,奔跑,雨夜的霓虹街道,赛博朋克风格,手持,跟镜头",
            "女主角,回头张望,雨夜的霓虹街道,赛博朋克风格,手持,跟镜头",
            "女主角,跃过水洼,雨夜的霓虹街道,赛博朋克风格,特写",
            "女主角,停下喘息,雨夜的霓虹街道,赛博朋克风格,手持,跟镜头",
            "女主角,消失在人群中,雨夜的霓虹街道,赛博朋克风格,航拍,全景");
    assertThat(c.request().shots().get(0).prompt()).isEqualTo("女主角,奔跑,雨夜的霓虹街道,赛博朋克风格,手持,跟镜头");
  }

  @Test
  void anEnglishShotListOfFiveBeatsReadsInEnglishWithOneCameraVocabulary() {
    // the same 12 s shot written in English: "MCU" and "drone" are two writers' words for what
    // the vocabulary calls a medium close-up and an aerial shot
    var sequence =
        new ShotForm("the heroine", null, "a neon street at night", "cyberpunk", "handheld", null);
    List<BeatRequest> beats =
        List.of(
            new BeatRequest(null, 2.0, new ShotForm(null, "runs", null, null, null, null)),
            new BeatRequest(null, 2.0, new ShotForm(null, "looks back", null, null, null, null)),
            new BeatRequest(
                null, 3.0, new ShotForm(null, "leaps a puddle", null, null, "MCU", null)),
            new BeatRequest(
                null, 2.0, new ShotForm(null, "stops, breathless", null, null, null, null)),
            new BeatRequest(
                null,
                null,
                new ShotForm(null, "vanishes into the crowd", null, null, "drone", null)));
    var shot = new ShotRequest(null, null, 12.0, null, beats, null, null);
    var c = COMPOSER.compose(request(null, sequence, null, List.of(shot)));
    assertThat(c.errors()).isEmpty();
    assertThat(c.warnings()).isEmpty();
    assertThat(c.request().shots().get(0).beats().stream().map(BeatRequest::prompt))
        .containsExactly(
            "the heroine, runs, a neon street at night, cyberpunk, handheld",
            "the heroine, looks back, a neon street at night, cyberpunk, handheld",
            "the heroine, leaps a puddle, a neon street at night, cyberpunk, medium close-up",
            "the heroine, stops, breathless, a neon street at night, cyberpunk, handheld",
            "the heroine, vanishes into the crowd, a neon street at night, cyberpunk, aerial shot");
  }

  @Test
  void everyPromptIsNormalisedEvenWithoutAForm() {
    var c = COMPOSER.compose(request("  ａ rider\u200b  gallops ", null, null, null));
    assertThat(c.request().prompt()).isEqualTo("a rider gallops");
    assertThat(c.shots()).isEmpty();
  }
}
