package io.previs.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.previs.launcher.render.RenderOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenderOptionsTest {

  @Test
  void parsesThePromptAndEveryFlag() {
    RenderOptions o =
        RenderOptions.parse(
            List.of(
                "一位女战士在暴雨中奔跑",
                "--seconds",
                "5",
                "--size",
                "1280x720",
                "--variants",
                "3",
                "--seed",
                "42",
                "--steps",
                "30",
                "--fps",
                "24",
                "--model",
                "previs-tiny-dit"));
    assertThat(o.prompt()).isEqualTo("一位女战士在暴雨中奔跑");
    assertThat(o.seconds()).isEqualTo(5.0);
    assertThat(o.width()).isEqualTo(1280);
    assertThat(o.height()).isEqualTo(720);
    assertThat(o.variants()).isEqualTo(3);
    assertThat(o.seed()).isEqualTo(42L);
    assertThat(o.clientJobId()).startsWith("cli-");
  }

  @Test
  void aShotCanBeGivenAsItsPartsWithATemplateButNotAlsoAsAPrompt() {
    RenderOptions o =
        RenderOptions.parse(
            List.of(
                "--subject",
                "女主角",
                "--action",
                "奔跑于雨夜街道",
                "--camera",
                "手持跟拍镜头",
                "--template",
                "noir"));
    assertThat(o.prompt()).isNull();
    assertThat(o.form())
        .containsOnly(
            java.util.Map.entry("subject", "女主角"),
            java.util.Map.entry("action", "奔跑于雨夜街道"),
            java.util.Map.entry("camera", "手持跟拍镜头"));
    assertThat(o.template()).isEqualTo("noir");
    assertThatThrownBy(() -> RenderOptions.parse(List.of("a prompt", "--subject", "x")))
        .hasMessage("give a prompt or the shot's parts (--subject, --action, …), not both");
  }

  @Test
  void badFlagsNameTheFlag() {
    assertThatThrownBy(() -> RenderOptions.parse(List.of("p", "--size", "big")))
        .hasMessage("--size: 'big' must look like 832x480");
    assertThatThrownBy(() -> RenderOptions.parse(List.of("p", "--steps", "many")))
        .hasMessage("--steps: 'many' is not an integer");
    assertThatThrownBy(() -> RenderOptions.parse(List.of("p", "--colour", "red")))
        .hasMessage("unknown option --colour");
    assertThatThrownBy(() -> RenderOptions.parse(List.of("--seconds", "5")))
        .hasMessage("a prompt (or --subject, --action, …) is required");
    assertThatThrownBy(() -> RenderOptions.parse(List.of("p", "--seconds")))
        .hasMessage("--seconds needs a value");
  }

  @Test
  void theCliExitsWith64AndUsageOnABadCommand() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        PrevisCli.run(
            new String[] {"paint"},
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err));
    assertThat(code).isEqualTo(64);
    assertThat(err.toString()).contains("unknown command 'paint'", "render \"PROMPT\"");
    code =
        PrevisCli.run(
            new String[] {"render", "p", "--frames", "x"},
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err));
    assertThat(code).isEqualTo(64);
    assertThat(err.toString()).contains("--frames: 'x' is not an integer");
  }

  @Test
  void modelCheckNamesEveryProblemOfABadBundle() throws Exception {
    var dir = java.nio.file.Files.createTempDirectory("bad-bundle");
    java.nio.file.Files.writeString(
        dir.resolve("manifest.json"), "{\"formatVersion\":1,\"id\":\"Bad Id\"}");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        PrevisCli.run(
            new String[] {"model", "check", dir.toString()},
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString())
        .contains(
            "manifest.json: id: 'Bad Id' must match", "manifest.json: tokenizer: is required");
  }
}
