package io.previs.gateway.versions;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEvent.FieldError;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.JobSpec;
import io.previs.contracts.job.Priority;
import io.previs.contracts.job.ShotForm;
import io.previs.gateway.jobs.JobFolder;
import io.previs.gateway.jobs.JobView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class NextVersionTest {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final Instant T = Instant.parse("2026-12-03T10:00:00Z");
  static final ShotForm FORM = new ShotForm("女主角", "奔跑于雨夜街道", "霓虹灯反射水洼", "赛博朋克风格", "手持跟拍", null);

  static JobView job(String clientJobId, Map<String, String> labels, JobSpec.ShotSpec... shots) {
    JobSpec spec =
        new JobSpec(
            "acme",
            clientJobId,
            List.of(shots),
            2,
            16,
            832,
            480,
            42,
            30,
            null,
            "previs-tiny-dit",
            Priority.NORMAL,
            labels,
            2,
            T,
            null);
    return JobFolder.fold(
        null, JobEvent.of(JobEventType.ACCEPTED, "j-1", "acme", T).withSpec(spec));
  }

  static VersionEdit edit(String json) {
    VersionEdit.Parsed p = VersionEdit.parse(JSON.readTree(json));
    assertThat(p.errors()).isEmpty();
    return p.edit();
  }

  @Test
  void aFormEditKeepsTheOtherSlotsTheTemplateTheSeedsAndTheStudiosLabelsAndNamesTheLineage() {
    JobView v1 =
        job(
            "sh010",
            Map.of("show", "nightfall", "previs.regeneration.of", "j-0"),
            new JobSpec.ShotSpec(0, "composed", "blurry", 33, List.of(), FORM, "house:default"));
    var plan =
        (NextVersion.Plan) NextVersion.plan(v1, 1, edit("{\"form\":{\"camera\":\"特写\"}}"), 2, "e1");
    ObjectNode r = plan.request();
    assertThat(plan.clientJobId()).isEqualTo("sh010/v002");
    assertThat(r.path("seed").asLong()).isEqualTo(42);
    assertThat(r.path("variants").asInt()).isEqualTo(2);
    assertThat(r.path("steps").asInt()).isEqualTo(30);
    JsonNode shot = r.path("shots").get(0);
    assertThat(shot.path("form").path("camera").asString()).isEqualTo("特写");
    assertThat(shot.path("form").path("subject").asString()).isEqualTo("女主角");
    assertThat(shot.path("template").asString()).isEqualTo("default");
    assertThat(shot.has("prompt")).as("the template composes it again").isFalse();
    assertThat(r.path("labels").path("show").asString()).isEqualTo("nightfall");
    assertThat(r.path("labels").has("previs.regeneration.of")).isFalse();
    assertThat(r.path("labels").path("previs.version").asString()).isEqualTo("2");
    assertThat(r.path("labels").path("previs.version.shot").asString()).isEqualTo("sh010");
    assertThat(r.path("labels").path("previs.version.parent").asString()).isEqualTo("j-1");
    assertThat(plan.changes()).containsExactly(Map.entry("shots[0].form.camera", "特写"));
  }

  @Test
  void aPromptEditOfVersionTwoMakesVersionThreeOfTheSameShotWithMoreVariants() {
    JobView v2 =
        job(
            "sh010/v002",
            Map.of("previs.version", "2", "previs.version.shot", "sh010"),
            new JobSpec.ShotSpec(0, "a knight in fog", "blurry", 33));
    assertThat(Shots.shot(v2)).isEqualTo("sh010");
    assertThat(Shots.version(v2)).isEqualTo(2);
    var plan =
        (NextVersion.Plan)
            NextVersion.plan(
                v2, 0, edit("{\"prompt\":\"a knight in fog, low angle\",\"variants\":4}"), 3, "e2");
    assertThat(plan.clientJobId()).isEqualTo("sh010/v003");
    assertThat(plan.request().path("shots").get(0).path("prompt").asString())
        .isEqualTo("a knight in fog, low angle");
    assertThat(plan.request().path("shots").get(0).path("negativePrompt").asString())
        .isEqualTo("blurry");
    assertThat(plan.changes())
        .containsOnly(
            Map.entry("shots[0].prompt", "a knight in fog, low angle"), Map.entry("variants", "4"));
  }

  @Test
  void editsThatDoNotFitTheJobOrChangeNothingAreFieldErrors() {
    JobView free = job("sh020", Map.of(), new JobSpec.ShotSpec(0, "p", null, 33));
    @SuppressWarnings("unchecked")
    List<FieldError> formOnPrompt =
        (List<FieldError>)
            NextVersion.plan(free, 0, edit("{\"form\":{\"camera\":\"wide\"}}"), 2, "e");
    assertThat(formOnPrompt).extracting(FieldError::field).containsExactly("edit.form");
    JobView two =
        job(
            "sh030",
            Map.of(),
            new JobSpec.ShotSpec(0, "a", null, 33),
            new JobSpec.ShotSpec(1, "b", null, 33));
    @SuppressWarnings("unchecked")
    List<FieldError> which =
        (List<FieldError>) NextVersion.plan(two, 0, edit("{\"prompt\":\"c\"}"), 2, "e");
    assertThat(which).extracting(FieldError::field).containsExactly("edit.shot");

    assertThat(VersionEdit.parse(JSON.readTree("{}")).errors())
        .extracting(FieldError::field)
        .containsExactly("edit");
    assertThat(
            VersionEdit.parse(
                    JSON.readTree(
                        "{\"form\":{\"lens\":\"35mm\"},\"colour\":\"red\",\"variants\":\"many\"}"))
                .errors())
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder("edit.form.lens", "edit.colour", "edit.variants");
    assertThat(NextVersion.editId(free, 0, edit("{\"form\":{\"camera\":\"a\",\"style\":\"b\"}}")))
        .isEqualTo(
            NextVersion.editId(free, 0, edit("{\"form\":{\"style\":\"b\",\"camera\":\"a\"}}")))
        .isNotEqualTo(
            NextVersion.editId(free, 1, edit("{\"form\":{\"style\":\"b\",\"camera\":\"a\"}}")));
  }
}
