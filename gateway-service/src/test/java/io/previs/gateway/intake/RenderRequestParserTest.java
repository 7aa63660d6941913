package io.previs.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.contracts.job.JobEvent.FieldError;
import io.previs.gateway.input.StrictJson;
import org.junit.jupiter.api.Test;

class RenderRequestParserTest {

  private static RenderRequestParser.Parsed parse(String json) {
    return RenderRequestParser.parse(StrictJson.object(json.getBytes()));
  }

  @Test
  void everyFieldIsReadWithItsType() {
    var p =
        parse(
            """
            {"studio":"acme","clientJobId":"c","prompt":"p","negativePrompt":"n","variants":2,
             "seconds":2.5,"fps":24,"width":832,"height":480,"seed":7,"steps":20,"guidance":3.5,
             "modelId":"m","priority":"high","labels":{"show":"x"},
             "shots":[{"prompt":"a","seconds":1},{"frames":17,"negativePrompt":"z"}]}""");
    assertThat(p.errors()).isEmpty();
    var r = p.request();
    assertThat(r.variants()).isEqualTo(2);
    assertThat(r.seconds()).isEqualTo(2.5);
    assertThat(r.seed()).isEqualTo(7L);
    assertThat(r.guidance()).isEqualTo(3.5);
    assertThat(r.labels()).containsEntry("show", "x");
    assertThat(r.shots()).hasSize(2);
    assertThat(r.shots().get(1).frames()).isEqualTo(17);
    assertThat(r.shots().get(1).negativePrompt()).isEqualTo("z");
  }

  @Test
  void wrongTypesAreEachReportedAgainstTheirFieldWithTheValueShown() {
    var p =
        parse(
            """
            {"studio":5,"frames":"many","seconds":true,"shots":[{"frames":1.5},"wide"],
             "labels":{"show":1},"seed":-1,"variants":1e10}""");
    assertThat(p.errors())
        .containsExactlyInAnyOrder(
            new FieldError("studio", "expected a string, got number 5"),
            new FieldError("frames", "expected an integer, got string \"many\""),
            new FieldError("seconds", "expected a number, got boolean true"),
            new FieldError("shots[0].frames", "expected an integer, got number 1.5"),
            new FieldError("shots[1]", "expected an object, got string \"wide\""),
            new FieldError("labels.show", "expected a string, got number 1"),
            new FieldError(
                "seed",
                "-1 is outside 0..9007199254740991 (seeds must survive JSON clients that hold"
                    + " numbers as doubles)"),
            new FieldError("variants", "expected an integer, got number 1.0E10"));
  }

  @Test
  void nullMeansAbsentAndUnknownFieldsAreIgnored() {
    var p = parse("{\"studio\":\"a\",\"prompt\":null,\"cameraRig\":{\"lens\":35},\"shots\":null}");
    assertThat(p.errors()).isEmpty();
    assertThat(p.request().prompt()).isNull();
    assertThat(p.request().shots()).isNull();
  }
}
