package io.previs.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.contracts.job.JobEvent.FieldError;
import io.previs.contracts.job.JobIds;
import io.previs.contracts.job.JobSpec;
import io.previs.contracts.job.Priority;
import io.previs.gateway.GatewayProperties;
import io.previs.gateway.input.MalformedJsonException;
import io.previs.gateway.input.StrictJson;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestValidatorTest {

  static final ModelLimits ORACLE =
      new ModelLimits(
          "previs-oracle", List.of("832x480", "1280x720", "320x192"), 5, 241, 4, 16, 40, "blurry");

  static final Models MODELS =
      new Models() {
        @Override
        public Optional<ModelLimits> find(String id) {
          return id.equals(ORACLE.id()) ? Optional.of(ORACLE) : Optional.empty();
        }

        @Override
        public List<String> ids() {
          return List.of(ORACLE.id());
        }
      };

  /** The platform (QC's regenerations): may set previs.* labels. */
  static final Origin PLATFORM =
      new Origin("platform-topic", null, "topic previs.jobs.regenerate", "kafka", true, null);

  private final RequestValidator validator =
      new RequestValidator(MODELS, GatewayProperties.defaults());

  private RequestValidator.Result validate(String json) {
    // As intake does: a request without a clientJobId is given one before it is validated.
    var tree = (tools.jackson.databind.node.ObjectNode) StrictJson.object(json.getBytes());
    Submissions.assign(tree, "s-1", () -> "auto-1", PLATFORM);
    var parsed = RenderRequestParser.parse(tree);
    return validator.validate(
        parsed.request(), parsed.errors(), Instant.parse("2026-11-20T10:00:00Z"), true);
  }

  private static List<String> fields(RequestValidator.Result r) {
    return r.errors().stream().map(FieldError::field).toList();
  }

  @Test
  void aMinimalRequestGetsEveryDefaultResolved() {
    var r =
        validate("{\"studio\":\"acme\",\"clientJobId\":\"sh010\",\"prompt\":\"a castle at dusk\"}");
    assertThat(r.valid()).isTrue();
    JobSpec s = r.spec();
    assertThat(r.jobId()).isEqualTo(JobIds.jobId("acme", "sh010"));
    assertThat(s.shots())
        .singleElement()
        .satisfies(
            shot -> {
              assertThat(shot.frames()).isEqualTo(81);
              assertThat(shot.negativePrompt()).isEqualTo("blurry");
            });
    assertThat(s.width()).isEqualTo(832);
    assertThat(s.height()).isEqualTo(480);
    assertThat(s.fps()).isEqualTo(16);
    assertThat(s.variants()).isEqualTo(1);
    assertThat(s.priority()).isEqualTo(Priority.NORMAL);
    assertThat(s.modelId()).isEqualTo("previs-oracle");
    assertThat(s.shardCount()).isEqualTo(1);
  }

  @Test
  void withoutASeedTheJobIdPicksOneSoResubmissionsRenderTheSameFrames() {
    var a = validate("{\"studio\":\"acme\",\"clientJobId\":\"sh010\",\"prompt\":\"a\"}");
    var b = validate("{\"studio\":\"acme\",\"clientJobId\":\"sh010\",\"prompt\":\"a\"}");
    var c = validate("{\"studio\":\"acme\",\"clientJobId\":\"sh011\",\"prompt\":\"a\"}");
    assertThat(a.spec().seed()).isEqualTo(b.spec().seed()).isNotEqualTo(c.spec().seed());
    assertThat(a.spec().seed()).isBetween(0L, (1L << 53) - 1);
  }

  @ParameterizedTest(name = "{0} s at {1} fps → {2} frames")
  @CsvSource({
    "5, 16, 81",
    "2, 16, 33",
    "1, 24, 25",
    "0.3, 16, 5",
    "15, 16, 241",
    // past the model's 241-frame window: a long shot, denoised in overlapping windows
    "30, 16, 481",
    "60, 16, 961"
  })
  void secondsBecomeTheNearestValidFrameCount(double seconds, int fps, int frames) {
    var r =
        validate(
            "{\"studio\":\"a\",\"prompt\":\"p\",\"seconds\":%s,\"fps\":%d}"
                .formatted(seconds, fps));
    assertThat(r.errors()).isEmpty();
    assertThat(r.spec().shots().get(0).frames()).isEqualTo(frames);
  }

  @Test
  void aShotListBecomesOneShotSpecPerShotAndShardsMultiplyByVariants() {
    var r =
        validate(
            """
        {"studio":"acme","prompt":"default","variants":3,"frames":33,
         "shots":[{"prompt":"wide: a city"},{"frames":17},{"prompt":"close: a face","seconds":1}]}""");
    assertThat(r.errors()).isEmpty();
    assertThat(r.spec().shots())
        .extracting(JobSpec.ShotSpec::prompt)
        .containsExactly("wide: a city", "default", "close: a face");
    assertThat(r.spec().shots()).extracting(JobSpec.ShotSpec::frames).containsExactly(33, 17, 17);
    assertThat(r.spec().shardCount()).isEqualTo(9);
  }

  @Test
  void aLongShotsBeatsStartWhereTheSecondsBeforeThemEnd() {
    var r =
        validate(
            """
            {"studio":"acme","clientJobId":"sh020","windowOverlap":40,"shots":[
             {"prompt":"a chase over rooftops","seconds":30,"beats":[
               {"prompt":"she runs","seconds":10},{"prompt":"she looks back","seconds":12.5},
               {"prompt":"she jumps"}]}]}""");
    assertThat(r.errors()).isEmpty();
    JobSpec.ShotSpec shot = r.spec().shots().get(0);
    assertThat(shot.frames()).isEqualTo(481);
    assertThat(shot.beats())
        .containsExactly(
            new JobSpec.BeatSpec("she runs", 0),
            new JobSpec.BeatSpec("she looks back", 160),
            new JobSpec.BeatSpec("she jumps", 360));
    assertThat(r.spec().windowOverlap()).isEqualTo(40);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
      unknown size        | {"studio":"a","prompt":"p","width":1000,"height":480} | size | 1000x480 is not offered by model previs-oracle; allowed: [832x480, 1280x720, 320x192]
      zero frames         | {"studio":"a","prompt":"p","frames":0}                | frames | 0 is below model previs-oracle's minimum of 5
      10,000 frames       | {"studio":"a","prompt":"p","frames":10000}            | frames | 10000 is above the longest shot on model previs-oracle, 961 frames (60 s; its window is 241)
      not 4n+1            | {"studio":"a","prompt":"p","frames":80}               | frames | 80 is not 4n+1 (model previs-oracle decodes 1 + 4·k frames; nearest: 81)
      too long in seconds | {"studio":"a","prompt":"p","seconds":61}              | seconds | 61.0 s at 16 fps is 977 frames; model previs-oracle renders 5..961 frames (60.00 s at most; previs.gateway.max-shot-seconds is 60)
      frames and seconds  | {"studio":"a","prompt":"p","seconds":2,"frames":33}   | frames | give frames or seconds, not both
      empty prompt        | {"studio":"a","prompt":"  "}                          | prompt | must not be blank
      no studio           | {"prompt":"p"}                                        | studio | is required
      bad studio          | {"studio":"Acme Films","prompt":"p"}                  | studio | 'Acme Films' must match [a-z0-9][a-z0-9-]{0,62}
      unknown model       | {"studio":"a","prompt":"p","modelId":"sora"}          | modelId | 'sora' is not a known model; known: [previs-oracle]
      too many variants   | {"studio":"a","prompt":"p","variants":17}             | variants | 17 is outside 1..16
      zero variants       | {"studio":"a","prompt":"p","variants":0}              | variants | 0 is outside 1..16
      steps               | {"studio":"a","prompt":"p","steps":5000}              | steps | 5000 is outside 1..200
      guidance            | {"studio":"a","prompt":"p","guidance":-1}             | guidance | -1.0 is outside 0..30.0
      fps                 | {"studio":"a","prompt":"p","fps":0}                   | fps | 0 is outside 1..60
      priority            | {"studio":"a","prompt":"p","priority":"asap"}         | priority | 'asap' is not one of low, normal, high, urgent
      width alone         | {"studio":"a","prompt":"p","width":832}               | height | give width and height together
      wrong type          | {"studio":"a","prompt":"p","frames":"many"}           | frames | expected an integer, got string "many"
      fractional frames   | {"studio":"a","prompt":"p","frames":16.5}             | frames | expected an integer, got number 16.5
      prompt not a string | {"studio":"a","prompt":42}                            | prompt | expected a string, got number 42
      negative seed       | {"studio":"a","prompt":"p","seed":-3}                 | seed | -3 is outside 0..9007199254740991 (seeds must survive JSON clients that hold numbers as doubles)
      budget              | {"studio":"a","prompt":"p","frames":241,"variants":16,"shots":[{},{},{},{},{},{}]} | frames | the job asks for 23136 frames over all shots and variants, above the limit of 20000
      beats, one window   | {"studio":"a","shots":[{"prompt":"p","frames":81,"beats":[{"prompt":"x"}]}]} | shots[0].beats | the shot is 81 frames, one window of model previs-oracle (241 frames): beats condition the windows of a longer shot
      beat, no seconds    | {"studio":"a","shots":[{"prompt":"p","frames":481,"beats":[{"prompt":"a"},{"prompt":"b"}]}]} | shots[0].beats[0].seconds | is required but on the last beat
      beat past the end   | {"studio":"a","shots":[{"prompt":"p","frames":481,"beats":[{"prompt":"a","seconds":40},{"prompt":"b"}]}]} | shots[0].beats[1].seconds | beat 1 would start at 40.00 s, past the shot's 30.00 s
      beat of 0 s         | {"studio":"a","shots":[{"prompt":"p","frames":481,"beats":[{"prompt":"a","seconds":0},{"prompt":"b"}]}]} | shots[0].beats[0].seconds | 0.0 must be greater than 0
      blank beat          | {"studio":"a","shots":[{"prompt":"p","frames":481,"beats":[{"prompt":" ","seconds":5},{"prompt":"b"}]}]} | shots[0].beats[0].prompt | must not be blank
      beats not a list    | {"studio":"a","shots":[{"prompt":"p","frames":481,"beats":{"prompt":"a"}}]} | shots[0].beats | expected an array of beats, got object {"prompt":"a"}
      overlap too wide    | {"studio":"a","prompt":"p","frames":481,"windowOverlap":300} | windowOverlap | 300 frames is outside 1..236 (model previs-oracle's window is 241 frames)
      """)
  void eachProblemNamesItsFieldAndItsLimit(String name, String json, String field, String message) {
    var r = validate(json);
    assertThat(r.valid()).isFalse();
    assertThat(r.errors()).contains(new FieldError(field, message));
  }

  @Test
  void aHundredThousandCharacterPromptIsRefusedWithTheLimit() {
    var r = validate("{\"studio\":\"a\",\"prompt\":\"" + "雨".repeat(100_000) + "\"}");
    assertThat(r.errors())
        .containsExactly(new FieldError("prompt", "100000 characters exceed the limit of 2000"));
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    var r =
        validate(
            "{\"studio\":\"a\",\"prompt\":\"\",\"variants\":99,\"fps\":\"x\",\"steps\":0,\"labels\":{\"k\":1}}");
    assertThat(fields(r)).contains("prompt", "variants", "fps", "steps", "labels.k");
  }

  private static String labels(int studio, boolean lineage) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < studio; i++) {
      b.append(b.isEmpty() ? "" : ",").append("\"k").append(i).append("\":\"v\"");
    }
    if (lineage) {
      b.append(",\"previs.regeneration.of\":\"j-1\",\"previs.regeneration.parent\":\"j-1\"")
          .append(",\"previs.regeneration.variant\":\"0\",\"previs.regeneration.attempt\":\"1\"");
    }
    return "{\"studio\":\"a\",\"prompt\":\"p\",\"labels\":{" + b + "}}";
  }

  @Test
  void platformLabelsDoNotCountAgainstTheStudiosAllowance() {
    // A studio at its limit whose clip failed QC: the regeneration adds four lineage labels.
    assertThat(validate(labels(32, true)).valid()).isTrue();
    assertThat(validate(labels(33, true)).errors())
        .containsExactly(new FieldError("labels", "33 labels exceed the limit of 32"));
  }

  @Test
  void unknownKeysUnderTheReservedPrefixAreRefused() {
    var r = validate("{\"studio\":\"a\",\"prompt\":\"p\",\"labels\":{\"previs.tier\":\"gold\"}}");
    assertThat(fields(r)).containsExactly("labels.previs.tier");
    assertThat(r.errors().getFirst().message())
        .contains("'previs.' prefix is reserved")
        .contains("previs.regeneration.attempt");
  }

  @Test
  void unknownFieldsAreIgnoredSoNewerClientsStillWork() {
    var r =
        validate(
            "{\"studio\":\"a\",\"prompt\":\"p\",\"schemaVersion\":7,\"cameraRig\":{\"lens\":35}}");
    assertThat(r.valid()).isTrue();
  }

  @Test
  void notAnObjectIsAPoisonRecordNotAFieldError() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> StrictJson.object("[1,2]".getBytes()))
        .isInstanceOf(MalformedJsonException.class)
        .hasMessageContaining("not a JSON object");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> StrictJson.object("{\"a\":".getBytes()))
        .isInstanceOf(MalformedJsonException.class)
        .hasMessageContaining("not valid JSON");
  }
}
