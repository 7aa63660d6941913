package io.previs.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.minio.DownloadObjectArgs;
import io.previs.contracts.cloudevents.CloudEventHeaders;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.JobIds;
import io.previs.contracts.job.JobSpec;
import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.qc.QcEvent;
import io.previs.contracts.shard.ShardRendered;
import io.previs.contracts.shard.ShardTask;
import io.previs.contracts.topics.Topics;
import io.previs.launcher.platform.LocalPlatform;
import io.previs.launcher.platform.PlatformOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole platform, end to end, on a real Kafka broker and a real S3 server: requests go in as a
 * studio would send them (plain JSON with a plain Kafka producer, or REST), MP4s come out and are
 * read back with ffprobe.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformIT {

  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(180);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private LocalPlatform platform;
  private TopicRecorder rec;
  private KafkaProducer<String, String> studio;
  private final HttpClient http = HttpClient.newHttpClient();
  private Path tmp;

  @BeforeAll
  void start() throws Exception {
    tmp = Files.createDirectories(Path.of("target", "e2e-" + UUID.randomUUID()));
    platform =
        LocalPlatform.start(
            PlatformOptions.defaults(tmp.resolve("data"))
                .withWorkers(2)
                .withPorts(0, 0, 0)
                .withStudios("e2e", "e2e-billing", "strict"));
    rec =
        new TopicRecorder(
            platform.bootstrapServers(),
            Topics.JOBS_EVENTS.name(),
            Topics.shardsQueued("default").name(),
            Topics.SHARDS_RENDERED.name(),
            Topics.VIDEOS_READY.name(),
            Topics.QC_EVENTS.name(),
            Topics.JOBS_SUBMIT.deadLetter());
    studio =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", platform.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer());
  }

  @AfterAll
  void stop() throws Exception {
    studio.close();
    rec.close();
    platform.close();
  }

  private String submitViaKafka(String key, String json) throws Exception {
    studio.send(new ProducerRecord<>(Topics.JOBS_SUBMIT.name(), key, json)).get();
    return key;
  }

  /**
   * The job's first event of a type, waited for: the gateway answers from its own projection, and
   * the test's recorder may not have read the event yet.
   */
  private JobEvent event(String jobId, JobEventType type) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Jobs.first(rec, jobId, type), Optional::isPresent)
        .orElseThrow();
  }

  private void awaitFinished(String jobId) {
    await()
        .atMost(JOB_TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> Jobs.finished(rec, jobId));
  }

  private List<ShardTask> shards(String jobId) {
    return rec.where(Topics.shardsQueued("default").name(), r -> r.value().contains(jobId)).stream()
        .map(r -> PrevisJson.mapper().readValue(r.value(), ShardTask.class))
        .filter(t -> t.jobId().equals(jobId))
        .toList();
  }

  /** What a studio's pipeline TDs or ops write to the bucket (a QC profile, a template). */
  private void putObject(String key, byte[] json) throws Exception {
    platform
        .minio()
        .putObject(
            io.minio.PutObjectArgs.builder().bucket(LocalPlatform.BUCKET).object(key).stream(
                    new java.io.ByteArrayInputStream(json), (long) json.length, -1L)
                .contentType("application/json")
                .build());
  }

  private Path download(String key, String name) throws Exception {
    Path f = tmp.resolve(name);
    Files.deleteIfExists(f);
    platform
        .minio()
        .downloadObject(
            DownloadObjectArgs.builder()
                .bucket(LocalPlatform.BUCKET)
                .object(key)
                .filename(f.toString())
                .build());
    return f;
  }

  @Test
  void aPlainJsonStringOnTheSubmitTopicEndsWithReadableMp4sAndQcEvents() throws Exception {
    // given: what a studio's own Kafka client writes, no Previs classes involved
    String clientJobId = "kafka-" + UUID.randomUUID();
    String jobId = JobIds.jobId("e2e", clientJobId);
    submitViaKafka(clientJobId, Jobs.request(clientJobId, "一位身穿红色斗篷的女战士在暴雨中的古城墙上奔跑，闪电划破夜空", 2));

    // when
    awaitFinished(jobId);

    // then: completed, two variants, each an H.264 MP4 with the requested frames and size
    JobEvent done =
        Jobs.first(rec, jobId, JobEventType.COMPLETED)
            .orElseThrow(
                () -> new AssertionError("job did not complete: " + Jobs.events(rec, jobId)));
    assertThat(done.outputs()).hasSize(2);
    for (JobEvent.VariantOutput v : done.outputs()) {
      Probe.Video video = Probe.read(download(v.videoKey(), jobId + "-" + v.variant() + ".mp4"));
      assertThat(video.codec()).isEqualTo("h264");
      assertThat(video.frames()).isEqualTo(17);
      assertThat(video.width()).isEqualTo(320);
      assertThat(video.height()).isEqualTo(192);
      assertThat(video.pixFmt()).isEqualTo("yuv420p");
      assertThat(v.verdict()).isIn("pass", "review", "fail");
      assertThat(Files.size(download(v.posterKey(), jobId + "-" + v.variant() + ".jpg")))
          .isPositive();
    }
    assertThat(done.outputs())
        .extracting(JobEvent.VariantOutput::seed)
        .containsExactly(
            Jobs.first(rec, jobId, JobEventType.ACCEPTED).orElseThrow().spec().seed(),
            Jobs.first(rec, jobId, JobEventType.ACCEPTED).orElseThrow().spec().seed() + 1);

    // and: a QC verdict per variant on previs.qc.events
    List<QcEvent> verdicts =
        rec.where(Topics.QC_EVENTS.name(), r -> jobId.equals(r.key())).stream()
            .map(r -> PrevisJson.mapper().readValue(r.value(), QcEvent.class))
            .filter(q -> q.kind() == QcEvent.Kind.VERDICT)
            .toList();
    assertThat(verdicts).extracting(QcEvent::variant).containsExactlyInAnyOrder(0, 1);

    // and: every job event carries CloudEvents attributes, subject = job, one correlation id
    var records = rec.where(Topics.JOBS_EVENTS.name(), r -> jobId.equals(r.key()));
    assertThat(records)
        .allSatisfy(
            r -> {
              assertThat(r.headers())
                  .containsEntry(CloudEventHeaders.SPEC_VERSION, "1.0")
                  .containsEntry(CloudEventHeaders.SUBJECT, jobId)
                  .containsKey(CloudEventHeaders.ID)
                  .containsKey(CloudEventHeaders.SOURCE)
                  .containsKey(CloudEventHeaders.TIME);
              assertThat(r.headers().get(CloudEventHeaders.TYPE)).startsWith("previs.job.");
            });
    assertThat(
            records.stream().map(r -> r.headers().get(CloudEventHeaders.CORRELATION_ID)).distinct())
        .hasSize(1);
    assertThat(records.stream().map(r -> r.headers().get(CloudEventHeaders.SOURCE)).distinct())
        .contains(
            "/previs/gateway",
            "/previs/encoder",
            "/previs/worker",
            "/previs/postprocess",
            "/previs/qc");
  }

  @Test
  void theSameJobThroughRestCompletesWithWorkingDownloadLinksAndAProgressStream() throws Exception {
    String clientJobId = "rest-" + UUID.randomUUID();
    HttpResponse<String> posted =
        post(Jobs.request(clientJobId, "a knight rides through fog at dawn, tracking shot", 1));
    assertThat(posted.statusCode()).isEqualTo(202);
    String jobId = JSON.readTree(posted.body()).path("jobId").asString();
    assertThat(jobId).isEqualTo(JobIds.jobId("e2e", clientJobId));

    await()
        .atMost(JOB_TIMEOUT)
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              HttpResponse<String> r = get("/v1/jobs/" + jobId);
              return r.statusCode() == 200
                  && JSON.readTree(r.body())
                      .path("job")
                      .path("status")
                      .asString()
                      .equals("COMPLETED");
            });
    JsonNode job = JSON.readTree(get("/v1/jobs/" + jobId).body());
    assertThat(job.path("job").path("progress").asDouble()).isEqualTo(1.0);
    String videoUrl = job.path("downloads").get(0).path("video").asString();
    HttpResponse<byte[]> video =
        http.send(
            HttpRequest.newBuilder(URI.create(videoUrl)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(video.statusCode()).isEqualTo(200);
    assertThat(new String(video.body(), 4, 4)).isEqualTo("ftyp"); // an MP4 box header

    HttpResponse<String> stream = get("/v1/jobs/" + jobId + "/events");
    assertThat(stream.headers().firstValue("content-type").orElse(""))
        .startsWith("text/event-stream");
    assertThat(stream.body()).contains("event:accepted", "event:stage.progress", "event:completed");

    // and: a person's decision on the variant, recorded and shown with the job
    String reviewPath = "/v1/jobs/" + jobId + "/variants/0/review";
    HttpResponse<String> decided =
        post(reviewPath, "{\"decision\":\"rejected\",\"note\":\"horse too small\"}");
    assertThat(decided.statusCode()).isEqualTo(200);
    JsonNode reviews = JSON.readTree(get("/v1/jobs/" + jobId).body()).path("job").path("reviews");
    assertThat(reviews.get(0).path("decision").asString()).isEqualTo("rejected");
    assertThat(reviews.get(0).path("reviewer").asString()).isEqualTo("e2e-local");
    HttpResponse<String> bad =
        post(reviewPath.replace("/0/", "/3/"), "{\"decision\":\"maybe\",\"reviewer\":\"bob\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).path("errors").findValuesAsString("field"))
        .containsExactlyInAnyOrder("variant", "decision", "reviewer");
    assertThat(bad.body()).contains("outside 0..0");
    HttpResponse<String> pending = get("/v1/reviews?studio=e2e");
    assertThat(pending.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(pending.body()).isArray()).isTrue();
  }

  @Test
  void aClipThatFailsQcIsRenderedAgainWithNewSeedsUntilTheAttemptsRunOut() throws Exception {
    // given: a studio whose QC profile calls every clip static, so every clip fails
    byte[] profile =
        "{\"profile\":\"always-static\",\"flow\":{\"dynamicThreshold\":100,\"dynamicMinFraction\":1}}"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    putObject(io.previs.contracts.storage.ObjectKeys.qcProfile("strict"), profile);
    String clientJobId = "strict-" + UUID.randomUUID();
    String root = JobIds.jobId("strict", clientJobId);

    // when
    submitViaKafka(clientJobId, Jobs.request("strict", clientJobId, "a dragon circles a tower", 1));

    // then: root → regeneration 1 → regeneration 2, each a job of its own with a new seed
    String first = JobIds.jobId("strict", "regen/" + root + "/v0/1");
    String second = JobIds.jobId("strict", "regen/" + root + "/v0/2");
    await()
        .atMost(JOB_TIMEOUT.multipliedBy(3))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> Jobs.finished(rec, second) && verdicts(second).size() == 1);
    JobEvent.Regeneration r1 =
        Jobs.first(rec, root, JobEventType.REGENERATION_REQUESTED).orElseThrow().regeneration();
    JobEvent.Regeneration r2 =
        Jobs.first(rec, first, JobEventType.REGENERATION_REQUESTED).orElseThrow().regeneration();
    assertThat(r1.jobId()).isEqualTo(first);
    assertThat(r2.jobId()).isEqualTo(second);
    assertThat(r2.attempt()).isEqualTo(2);
    assertThat(r2.rootJobId()).isEqualTo(root);
    JobSpec rootSpec = Jobs.first(rec, root, JobEventType.ACCEPTED).orElseThrow().spec();
    JobSpec firstSpec = Jobs.first(rec, first, JobEventType.ACCEPTED).orElseThrow().spec();
    assertThat(firstSpec.seed()).isEqualTo(r1.seed()).isNotEqualTo(rootSpec.seed());
    assertThat(firstSpec.shots()).isEqualTo(rootSpec.shots());
    assertThat(firstSpec.labels())
        .containsEntry("show", "previs-e2e")
        .containsEntry("previs.regeneration.of", root);
    assertThat(verdicts(second).get(0).action()).isEqualTo("exhausted");
    assertThat(Jobs.first(rec, second, JobEventType.REGENERATION_REQUESTED)).isEmpty();
    JsonNode view = JSON.readTree(get("/v1/jobs/" + root, "strict").body()).path("job");
    assertThat(view.path("regenerations").get(0).path("jobId").asString()).isEqualTo(first);
  }

  private List<QcEvent> verdicts(String jobId) {
    return rec.where(Topics.QC_EVENTS.name(), r -> jobId.equals(r.key())).stream()
        .map(r -> PrevisJson.mapper().readValue(r.value(), QcEvent.class))
        .filter(q -> q.kind() == QcEvent.Kind.VERDICT)
        .toList();
  }

  @Test
  void resubmittingTheSameClientJobIdRendersNothingNew() throws Exception {
    String clientJobId = "dup-" + UUID.randomUUID();
    String jobId = JobIds.jobId("e2e", clientJobId);
    submitViaKafka(clientJobId, Jobs.request(clientJobId, "rain on a neon street at night", 1));
    awaitFinished(jobId);
    int shardsBefore = shards(jobId).size();
    assertThat(shardsBefore).isEqualTo(1);

    // when: the same client job id again, by Kafka and by REST
    submitViaKafka(clientJobId, Jobs.request(clientJobId, "rain on a neon street at night", 1));
    HttpResponse<String> again =
        post(Jobs.request(clientJobId, "rain on a neon street at night", 1));

    // then
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(again.body()).path("status").asString()).isEqualTo("duplicate");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Jobs.events(rec, jobId).stream()
                        .filter(e -> e.type() == JobEventType.DUPLICATE)
                        .count()
                    == 2);
    Thread.sleep(2000); // give a wrongly queued shard time to show up
    assertThat(shards(jobId)).hasSize(shardsBefore);
    assertThat(Jobs.events(rec, jobId).stream().filter(e -> e.type() == JobEventType.ACCEPTED))
        .hasSize(1);
  }

  @Test
  void aPoisonRecordGoesToTheDeadLetterTopicAndTheNextJobStillCompletes() throws Exception {
    studio
        .send(new ProducerRecord<>(Topics.JOBS_SUBMIT.name(), "poison", "{this is not json"))
        .get();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> !rec.all(Topics.JOBS_SUBMIT.deadLetter()).isEmpty());
    TopicRecorder.Rec dead = rec.all(Topics.JOBS_SUBMIT.deadLetter()).get(0);
    assertThat(dead.value()).isEqualTo("{this is not json");
    assertThat(dead.headers().get("previs_dlt_reason")).contains("payload is not valid JSON");
    assertThat(dead.headers().get("kafka_dlt-original-topic")).isEqualTo(Topics.JOBS_SUBMIT.name());

    String clientJobId = "after-poison-" + UUID.randomUUID();
    submitViaKafka(clientJobId, Jobs.request(clientJobId, "a lighthouse in a storm", 1));
    awaitFinished(JobIds.jobId("e2e", clientJobId));
    assertThat(Jobs.first(rec, JobIds.jobId("e2e", clientJobId), JobEventType.COMPLETED))
        .isPresent();
  }

  static Stream<Arguments> badRequests() {
    String base = "\"studio\":\"e2e\",\"prompt\":\"a castle\"";
    return Stream.of(
        Arguments.of(
            "unknown size",
            "{%s,\"width\":1000,\"height\":480}".formatted(base),
            "size",
            "not offered"),
        Arguments.of("zero frames", "{%s,\"frames\":0}".formatted(base), "frames", "below"),
        Arguments.of("10,000 frames", "{%s,\"frames\":10000}".formatted(base), "frames", "above"),
        Arguments.of(
            "empty prompt",
            "{\"studio\":\"e2e\",\"prompt\":\"  \"}",
            "prompt",
            "must not be blank"),
        Arguments.of(
            "100,000-character prompt",
            "{\"studio\":\"e2e\",\"prompt\":\"" + "x".repeat(100_000) + "\"}",
            "prompt",
            "exceed the limit of 2000"),
        Arguments.of(
            "wrong types",
            "{%s,\"frames\":\"many\",\"variants\":2.5}".formatted(base),
            "frames",
            "expected an integer, got string"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void badRequestsAreRejectedWithTheFieldAndTheLimitAndQueueNothing(
      String name, String body, String field, String message) throws Exception {
    String clientJobId = "bad-" + UUID.randomUUID();
    String json = body.replaceFirst("\\{", "{\"clientJobId\":\"" + clientJobId + "\",");
    String jobId = JobIds.jobId("e2e", clientJobId);

    // by Kafka: a rejected event on the job's log
    submitViaKafka(clientJobId, json);
    awaitFinished(jobId);
    JobEvent rejected = event(jobId, JobEventType.REJECTED);
    assertThat(rejected.errors())
        .anySatisfy(
            e -> {
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.message()).contains(message);
            });

    // by REST: RFC 9457 problem details naming the same field
    HttpResponse<String> r = post(json.replace(clientJobId, clientJobId + "-rest"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("content-type").orElse(""))
        .contains("application/problem+json");
    JsonNode problem = JSON.readTree(r.body());
    assertThat(problem.path("title").asString()).isEqualTo("Invalid render request");
    assertThat(problem.path("errors").toString()).contains("\"field\":\"" + field + "\"");

    assertThat(shards(jobId)).isEmpty();
  }

  /**
   * Shots written as forms, composed by templates before any GPU time: over REST with a studio's
   * own template from storage (its required slot enforced, its defaults filled, an unknown camera
   * term a warning), and over Kafka with the house template in Chinese. The accepted spec and the
   * job view show the prompts the model gets.
   */
  @Test
  void shotFormsAreComposedByTheStudiosOrTheHousesTemplateIntoThePromptTheModelGets()
      throws Exception {
    // given: the studio's template for its show, in storage where its pipeline TDs put it
    byte[] noir =
        """
        {"prompt":"Film noir: {subject} {action} in {environment}; {style}; {camera}",
         "negativePrompt":"colour, cartoon","required":["subject","action"],
         "defaults":{"style":"high-contrast black and white"}}"""
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    putObject("templates/e2e/noir.json", noir);

    // when: a shot leaves out a slot the template needs
    HttpResponse<String> missing =
        post(
            """
            {"studio":"e2e","clientJobId":"form-bad-%s","template":"noir",
             "form":{"subject":"a detective","camera":"close-up"}}"""
                .formatted(UUID.randomUUID()));
    // then: 400, naming the slot and the template
    assertThat(missing.statusCode()).as(missing.body()).isEqualTo(400);
    assertThat(missing.body()).contains("form.action").contains("template studio:noir");

    // when: a whole form, with a camera move the vocabulary does not know
    String clientJobId = "form-" + UUID.randomUUID();
    HttpResponse<String> posted =
        post(
            """
            {"studio":"e2e","clientJobId":"%s","template":"noir","width":320,"height":192,
             "frames":9,"steps":4,
             "form":{"subject":"a detective","action":"lights a cigarette",
                     "environment":"a wet alley","camera":"ＣＵ, Dutch angle"}}"""
                .formatted(clientJobId));
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
    String jobId = JSON.readTree(posted.body()).path("jobId").asString();
    JobEvent accepted =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> Jobs.first(rec, jobId, JobEventType.ACCEPTED), Optional::isPresent)
            .orElseThrow();
    JobSpec.ShotSpec shot = accepted.spec().shots().get(0);
    assertThat(shot.prompt())
        .isEqualTo(
            "Film noir: a detective lights a cigarette in a wet alley; high-contrast black and"
                + " white; close-up, Dutch angle");
    assertThat(shot.negativePrompt()).isEqualTo("colour, cartoon");
    assertThat(shot.template()).isEqualTo("studio:noir");
    assertThat(shot.form().style()).isEqualTo("high-contrast black and white");
    assertThat(accepted.spec().warnings())
        .singleElement()
        .satisfies(w -> assertThat(w.field()).isEqualTo("form.camera"));
    // and the job view shows them to the studio
    JsonNode view = JSON.readTree(get("/v1/jobs/" + jobId).body()).path("job");
    assertThat(view.path("spec").path("shots").get(0).path("prompt").asString())
        .isEqualTo(shot.prompt());
    assertThat(view.path("spec").path("warnings").get(0).path("message").asString())
        .contains("Dutch angle");

    // when: the same over Kafka, in Chinese, with the house template
    String viaKafka = "form-kafka-" + UUID.randomUUID();
    submitViaKafka(
        viaKafka,
        """
        {"studio":"e2e","clientJobId":"%s","width":320,"height":192,"frames":9,"steps":4,
         "form":{"subject":"女主角","action":"奔跑于雨夜街道","environment":"霓虹灯反射水洼",
                 "style":"赛博朋克风格","camera":"手持跟拍镜头"}}"""
            .formatted(viaKafka));
    String kafkaJob = JobIds.jobId("e2e", viaKafka);
    JobEvent zh =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> Jobs.first(rec, kafkaJob, JobEventType.ACCEPTED), Optional::isPresent)
            .orElseThrow();
    assertThat(zh.spec().shots().get(0).prompt()).isEqualTo("女主角,奔跑于雨夜街道,霓虹灯反射水洼,赛博朋克风格,手持,跟镜头");
    assertThat(zh.spec().shots().get(0).template()).isEqualTo("house:house");
    awaitFinished(jobId);
    awaitFinished(kafkaJob);
  }

  /**
   * The director's loop: a take rejected with an edit (a closer camera, more takes) becomes the
   * shot's next version — a job of its own, from the rejected job's spec with the edit, that
   * renders and records where it came from; asking again answers the same version.
   */
  @Test
  void aTakeRejectedWithAnEditBecomesTheShotsNextVersionWithItsLineage() throws Exception {
    String shot = "revise-" + UUID.randomUUID();
    HttpResponse<String> posted =
        post(
            """
            {"studio":"e2e","clientJobId":"%s","width":320,"height":192,"frames":9,"steps":4,
             "variants":2,"labels":{"sequence":"sq010"},
             "form":{"subject":"a detective","action":"lights a cigarette","camera":"wide shot"}}"""
                .formatted(shot));
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
    String v1 = JSON.readTree(posted.body()).path("jobId").asString();
    awaitFinished(v1);
    long seed = Jobs.first(rec, v1, JobEventType.ACCEPTED).orElseThrow().spec().seed();

    // when: the director rejects take 1, asking for a close-up and three takes
    String body =
        "{\"note\":\"closer, and give me options\","
            + "\"edit\":{\"form\":{\"camera\":\"close-up\"},\"variants\":3}}";
    HttpResponse<String> revised = post("/v1/jobs/" + v1 + "/variants/1/reject-with-edits", body);

    // then: v002 is a job of its own, from v001's spec with the edit, naming its lineage
    assertThat(revised.statusCode()).as(revised.body()).isEqualTo(201);
    JsonNode r = JSON.readTree(revised.body());
    String v2 = r.path("jobId").asString();
    assertThat(r.path("clientJobId").asString()).isEqualTo(shot + "/v002");
    assertThat(r.path("version").asInt()).isEqualTo(2);
    assertThat(r.path("status").asString()).isEqualTo("accepted");
    assertThat(r.path("changes").path("shots[0].form.camera").asString()).isEqualTo("close-up");
    assertThat(r.path("changes").path("variants").asString()).isEqualTo("3");
    JobEvent accepted = event(v2, JobEventType.ACCEPTED);
    assertThat(accepted.spec().variants()).isEqualTo(3);
    assertThat(accepted.spec().seed()).isEqualTo(seed);
    assertThat(accepted.spec().shots().get(0).prompt()).contains("a detective").contains("close");
    assertThat(accepted.spec().shots().get(0).prompt()).doesNotContain("wide");
    assertThat(accepted.spec().labels())
        .containsEntry("sequence", "sq010")
        .containsEntry("previs.version", "2")
        .containsEntry("previs.version.shot", shot)
        .containsEntry("previs.version.parent", v1);
    awaitFinished(v2);
    assertThat(Jobs.first(rec, v2, JobEventType.COMPLETED)).isPresent();

    // and v001 shows the rejection and its next version
    JsonNode view1 = JSON.readTree(get("/v1/jobs/" + v1).body()).path("job");
    assertThat(view1.path("versions").get(0).path("jobId").asString()).isEqualTo(v2);
    assertThat(view1.path("versions").get(0).path("by").asString()).isNotEmpty();
    JsonNode review = null;
    for (JsonNode x : view1.path("reviews")) {
      if (x.path("variant").asInt() == 1) {
        review = x;
      }
    }
    assertThat(review).isNotNull();
    assertThat(review.path("decision").asString()).isEqualTo("rejected");
    assertThat(review.path("note").asString()).isEqualTo("closer, and give me options");

    // and asking again makes no second version; a wrong edit names its field
    HttpResponse<String> again = post("/v1/jobs/" + v1 + "/variants/1/reject-with-edits", body);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(JSON.readTree(again.body()).path("jobId").asString()).isEqualTo(v2);
    assertThat(JSON.readTree(again.body()).path("status").asString()).isEqualTo("duplicate");
    HttpResponse<String> wrong =
        post(
            "/v1/jobs/" + v1 + "/variants/1/reject-with-edits",
            "{\"edit\":{\"form\":{\"lens\":\"35mm\"}}}");
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(wrong.body()).contains("edit.form.lens");
    HttpResponse<String> tooMany =
        post("/v1/jobs/" + v1 + "/variants/0/reject-with-edits", "{\"edit\":{\"variants\":500}}");
    assertThat(tooMany.statusCode()).as(tooMany.body()).isEqualTo(400);
    assertThat(tooMany.body()).contains("variants");
  }

  /**
   * More like this: from a chosen take, new takes close to it — the same job rendered again with
   * noise turned a little from the chosen take's (the oracle's VariationTest shows what that
   * distance is) — as a job of its own that names the take it stays close to.
   */
  @Test
  void moreLikeThisRendersNewTakesNearTheChosenOneAsAJobOfItsOwn() throws Exception {
    String shot = "more-" + UUID.randomUUID();
    HttpResponse<String> posted =
        post(
            """
            {"studio":"e2e","clientJobId":"%s","width":320,"height":192,"frames":9,"steps":4,
             "variants":2,"prompt":"a lighthouse keeper climbs the stairs"}"""
                .formatted(shot));
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
    String v1 = JSON.readTree(posted.body()).path("jobId").asString();
    awaitFinished(v1);
    JobSpec spec = event(v1, JobEventType.ACCEPTED).spec();

    // when: the director wants three more like take 1
    String body = "{\"variants\":3,\"strength\":0.2}";
    HttpResponse<String> more = post("/v1/jobs/" + v1 + "/variants/1/more-like-this", body);

    // then: a job of three takes near take 1's seed, with take 1's prompt and settings
    assertThat(more.statusCode()).as(more.body()).isEqualTo(201);
    JsonNode r = JSON.readTree(more.body());
    String near = r.path("jobId").asString();
    assertThat(r.path("clientJobId").asString()).isEqualTo(shot + "/more-v1-s020-b1");
    JobSpec nearSpec = event(near, JobEventType.ACCEPTED).spec();
    assertThat(nearSpec.variants()).isEqualTo(3);
    assertThat(nearSpec.variation().chosenSeed()).isEqualTo(spec.seedOf(1));
    assertThat(nearSpec.variation().strength()).isEqualTo(0.2);
    assertThat(nearSpec.variation().fromJobId()).isEqualTo(v1);
    assertThat(nearSpec.seed()).isNotEqualTo(spec.seed());
    assertThat(nearSpec.shots().get(0).prompt()).isEqualTo(spec.shots().get(0).prompt());
    awaitFinished(near);
    assertThat(shards(near))
        .hasSize(3)
        .allSatisfy(
            t -> {
              assertThat(t.variation().chosenSeed()).isEqualTo(spec.seedOf(1));
              assertThat(t.variation().strength()).isEqualTo(0.2);
            });
    assertThat(Jobs.first(rec, near, JobEventType.COMPLETED)).isPresent();

    // and asking again is the same job; a strength past 1 names the field
    HttpResponse<String> again = post("/v1/jobs/" + v1 + "/variants/1/more-like-this", body);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(JSON.readTree(again.body()).path("jobId").asString()).isEqualTo(near);
    HttpResponse<String> far =
        post("/v1/jobs/" + v1 + "/variants/1/more-like-this", "{\"strength\":1.5}");
    assertThat(far.statusCode()).isEqualTo(400);
    assertThat(far.body()).contains("strength");
  }

  /**
   * Content policy at intake, on both paths: a blocked prompt (an evasion of a listed term) is
   * rejected naming the field, the span, the rule and the policy version, and never reaches the
   * encoder; a prompt for review is held — nothing renders — until ops approve it; a studio's own
   * list, put in storage, applies without a restart; ordinary action cinema is accepted untouched.
   */
  @Test
  void contentPolicyBlocksHoldsForOpsAndPassesActionCinemaBeforeAnyGpuTime() throws Exception {
    // when: a prompt that spells a blocked word out with full-width letters and a zero-width space
    HttpResponse<String> blocked =
        post(
            """
            {"studio":"e2e","clientJobId":"policy-block-%s","width":320,"height":192,"frames":9,
             "steps":4,"shots":[{"prompt":"wide shot, a ｐｏ\u200Bｒｎ set in a motel"}]}"""
                .formatted(UUID.randomUUID()));
    // then: 400, naming the field, what it says, the rule and the policy's version
    assertThat(blocked.statusCode()).as(blocked.body()).isEqualTo(400);
    assertThat(blocked.body())
        .contains("shots[0].prompt")
        .contains("blocked by the content policy (sexual)")
        .contains("builtin:sexual.txt")
        .contains("policy builtin@");
    String blockedJob = JSON.readTree(blocked.body()).path("jobId").asString();
    JobEvent rejected = event(blockedJob, JobEventType.REJECTED);
    assertThat(rejected.policy().action()).isEqualTo("block");
    assertThat(rejected.policy().findings())
        .singleElement()
        .satisfies(f -> assertThat(f.category()).isEqualTo("sexual"));

    // when: action cinema — a battle, a sniper, the crew shooting the scene — and graphic gore
    String action = "policy-action-" + UUID.randomUUID();
    HttpResponse<String> fine =
        post(
            """
            {"studio":"e2e","clientJobId":"%s","width":320,"height":192,"frames":9,"steps":4,
             "shots":[{"prompt":"soldiers storm the beach, explosions, a sniper shoots the general"},
                      {"prompt":"the crew shoots the duel in one take, blood on the blade"}]}"""
                .formatted(action));
    assertThat(fine.statusCode()).as(fine.body()).isEqualTo(202);
    String fineJob = JSON.readTree(fine.body()).path("jobId").asString();
    JobEvent accepted = event(fineJob, JobEventType.ACCEPTED);
    assertThat(accepted.policy().action()).isEqualTo("allow");
    assertThat(accepted.policy().findings()).isEmpty();

    HttpResponse<String> gore =
        post(
            """
            {"studio":"e2e","clientJobId":"policy-review-%s","width":320,"height":192,"frames":9,
             "steps":4,"shots":[{"prompt":"the executioner's beheading of the traitor, close-up"}]}"""
                .formatted(UUID.randomUUID()));
    // then: held — 202 "held", and nothing of it is encoded or queued until ops decide
    assertThat(gore.statusCode()).as(gore.body()).isEqualTo(202);
    assertThat(JSON.readTree(gore.body()).path("status").asString()).isEqualTo("held");
    String heldJob = JSON.readTree(gore.body()).path("jobId").asString();
    JsonNode heldView = JSON.readTree(get("/v1/jobs/" + heldJob).body()).path("job");
    assertThat(heldView.path("status").asString()).isEqualTo("HELD");
    assertThat(heldView.path("policy").path("findings").get(0).path("category").asString())
        .isEqualTo("violence");
    // the studio may not decide on its own job; ops may
    assertThat(
            post("/v1/jobs/" + heldJob + "/policy-review", "{\"decision\":\"approve\"}")
                .statusCode())
        .isEqualTo(403);
    HttpResponse<String> noNote =
        post("/v1/jobs/" + heldJob + "/policy-review", "{\"decision\":\"reject\"}", "ops");
    assertThat(noNote.statusCode()).as(noNote.body()).isEqualTo(400);
    assertThat(noNote.body()).contains("note");
    Thread.sleep(1000);
    assertThat(Jobs.first(rec, heldJob, JobEventType.STAGE_STARTED)).isEmpty();
    HttpResponse<String> approved =
        post(
            "/v1/jobs/" + heldJob + "/policy-review",
            "{\"decision\":\"approve\",\"note\":\"period drama, cut away before impact\"}",
            "ops");
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    // then: it goes on as accepted, and renders
    JobEvent released =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> Jobs.first(rec, heldJob, JobEventType.ACCEPTED), Optional::isPresent)
            .orElseThrow();
    assertThat(released.reason()).contains("approved in policy review by").contains("period drama");
    assertThat(released.policy().action()).isEqualTo("review");
    assertThat(
            post("/v1/jobs/" + heldJob + "/policy-review", "{\"decision\":\"approve\"}", "ops")
                .statusCode())
        .isEqualTo(409);

    // when: the studio adds its own unconsenting talent to storage, then submits over Kafka
    putObject(
        "policy/studios/e2e/lists/likeness.txt",
        "Jane Roe | 简·罗\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String viaKafka = "policy-kafka-" + UUID.randomUUID();
    // then: within the refresh (no restart) the name is blocked, in Chinese, over Kafka too
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              String attempt = viaKafka + "-" + UUID.randomUUID();
              submitViaKafka(
                  attempt,
                  """
                  {"studio":"e2e","clientJobId":"%s","width":320,"height":192,"frames":9,"steps":4,
                   "shots":[{"prompt":"简 罗走进雨夜的酒吧，特写"}]}"""
                      .formatted(attempt));
              String id = JobIds.jobId("e2e", attempt);
              JobEvent r =
                  await()
                      .atMost(Duration.ofSeconds(10))
                      .until(
                          () ->
                              Jobs.first(rec, id, JobEventType.REJECTED)
                                  .or(() -> Jobs.first(rec, id, JobEventType.ACCEPTED)),
                          Optional::isPresent)
                      .orElseThrow();
              assertThat(r.type()).isEqualTo(JobEventType.REJECTED);
              assertThat(r.policy().version()).contains("+studio:e2e@");
              assertThat(r.errors().get(0).message()).contains("likeness").contains("简 罗");
            });
    awaitFinished(fineJob);
    awaitFinished(heldJob);
  }

  /**
   * A shot past the model's window, end to end: 10 s at 16 fps is 161 frames against the oracle's
   * 81-frame window, so it is denoised in three overlapping windows. It comes out as one MP4 of
   * every frame asked for, with no cut at a window boundary, priced as three windows' work.
   */
  @Test
  void aShotLongerThanTheModelsWindowRendersInOverlappingWindowsToOneClip() throws Exception {
    String clientJobId = "long-" + UUID.randomUUID();
    HttpResponse<String> posted =
        post(
            """
            {"studio":"e2e","clientJobId":"%s","width":320,"height":192,"steps":8,
             "shots":[{"prompt":"she runs along the harbour wall, then looks back","seconds":10,
               "beats":[{"prompt":"she runs along the harbour wall","seconds":6},
                        {"prompt":"she looks back"}]}]}"""
                .formatted(clientJobId));
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
    String jobId = JSON.readTree(posted.body()).path("jobId").asString();
    awaitFinished(jobId);

    JobEvent done =
        Jobs.first(rec, jobId, JobEventType.COMPLETED)
            .orElseThrow(() -> new AssertionError("not completed: " + Jobs.events(rec, jobId)));
    JobEvent.VariantOutput v = done.outputs().get(0);
    Probe.Video video = Probe.read(download(v.videoKey(), jobId + ".mp4"));
    assertThat(video.frames()).isEqualTo(161);
    List<QcEvent> qc =
        rec.where(Topics.QC_EVENTS.name(), r -> jobId.equals(r.key())).stream()
            .map(r -> PrevisJson.mapper().readValue(r.value(), QcEvent.class))
            .toList();
    assertThat(qc).anyMatch(q -> q.kind() == QcEvent.Kind.VERDICT);
    assertThat(qc)
        .filteredOn(q -> q.kind() == QcEvent.Kind.FINDING)
        .extracting(QcEvent::check)
        .doesNotContain("similarity.cut", "similarity.flicker");
    // priced as the frames denoised: three windows of 81 frames, 8 steps, 320×192
    ShardTask task = shards(jobId).get(0);
    assertThat(task.frames()).isEqualTo(161);
    // with its beats, each embedded, the second from 6 s at 16 fps on
    assertThat(task.beats())
        .extracting(ShardTask.Beat::prompt, ShardTask.Beat::startFrame)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("she runs along the harbour wall", 0),
            org.assertj.core.groups.Tuple.tuple("she looks back", 96));
    assertThat(task.beats()).allMatch(b -> b.embeddingKey().startsWith("embeddings/"));
    assertThat(task.workUnits()).isCloseTo(8.0 * 3 * 81 * 320 * 192 / 1e6, within(1e-9));
    // progress covers the whole shot: every report knows its three windows, the last is the end
    List<JobEvent.Progress> progress =
        Jobs.events(rec, jobId).stream()
            .filter(e -> e.type() == JobEventType.PROGRESS)
            .map(JobEvent::progress)
            .toList();
    assertThat(progress).isNotEmpty().allMatch(p -> Integer.valueOf(3).equals(p.windows()));
    assertThat(progress).extracting(JobEvent.Progress::fraction).isSorted();
    JobEvent.Progress last = progress.get(progress.size() - 1);
    assertThat(last.step()).isEqualTo(8);
    assertThat(last.window()).isEqualTo(3);
    assertThat(last.fraction()).isEqualTo(1.0);
  }

  /**
   * Every metric a dashboard panel or an alert rule uses is one the services really export, read
   * from their scrapes after a job has gone through every stage. Left out: the autoscaler's (it
   * does not run in the local stack; AutoscalerIT checks its names against its scrape) and the
   * series that exist only after an event this job need not cause (a dead letter, a budget, a QC
   * finding or regeneration, a checkpoint).
   */
  @Test
  void everyMetricTheDashboardsAndAlertsUseIsExported() throws Exception {
    String clientJobId = "metrics-" + UUID.randomUUID();
    String jobId = JobIds.jobId("e2e", clientJobId);
    submitViaKafka(clientJobId, Jobs.request(clientJobId, "a lantern on a jetty at dusk", 1));
    awaitFinished(jobId);
    java.util.Set<String> scraped = new java.util.TreeSet<>();
    for (LocalPlatform.Service s : platform.services()) {
      if (s.port() > 0) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + s.port() + "/actuator/prometheus"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(s.name() + " scrape").isEqualTo(200);
        scraped.addAll(io.previs.launcher.monitoring.MonitoringAssets.scrapedNames(r.body()));
      }
    }
    java.util.Set<String> onlyAfterTheirEvent =
        java.util.Set.of(
            "previs_deadletters_total",
            "previs_studio_budget_used_ratio",
            "previs_qc_findings_total",
            "previs_qc_regenerations_total",
            "previs_checkpoint_write_duration_seconds",
            "previs_checkpoint_write_duration_seconds_count",
            "previs_checkpoint_write_duration_seconds_sum");
    io.previs.launcher.monitoring.MonitoringAssets.assertExported(
        scraped, n -> !n.startsWith("previs_autoscaler_") && !onlyAfterTheirEvent.contains(n));
  }

  @Test
  void probesAndMetricsAreServed() throws Exception {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get("/actuator/health/readiness").statusCode() == 200);
    assertThat(get("/actuator/health/liveness").body()).contains("UP");
    assertThat(get("/actuator/health/readiness").body())
        .contains("kafka", "storage", "jobProjection");
    assertThat(get("/actuator/prometheus").body())
        .contains("previs_jobs{", "application=\"previs\"");
  }

  /**
   * docs/openapi.json is the gateway's live OpenAPI document; regenerate it with
   * -Dprevis.update-docs=true when the API changes.
   */
  @Test
  void theCommittedOpenApiDocumentIsTheLiveOne() throws Exception {
    JsonNode live = JSON.readTree(get("/v3/api-docs").body());
    assertThat(live.path("paths").propertyNames())
        .contains("/v1/jobs", "/v1/jobs/{jobId}", "/v1/jobs/{jobId}/events");
    Path committed = Path.of("..", "docs", "openapi.json");
    if (Boolean.getBoolean("previs.update-docs")) {
      Files.writeString(
          committed, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(live) + "\n");
    }
    JsonNode doc = JSON.readTree(committed.toFile());
    for (String path : live.path("paths").propertyNames()) {
      assertThat(doc.path("paths").has(path)).as("docs/openapi.json lacks %s", path).isTrue();
      assertThat(doc.path("paths").path(path).propertyNames())
          .as("methods of %s", path)
          .containsExactlyInAnyOrderElementsOf(live.path("paths").path(path).propertyNames());
    }
    assertThat(doc.path("paths").propertyNames())
        .containsExactlyInAnyOrderElementsOf(live.path("paths").propertyNames());
    assertThat(doc.path("components").path("securitySchemes"))
        .isEqualTo(live.path("components").path("securitySchemes"));
    assertThat(doc.path("components").path("securitySchemes").propertyNames())
        .containsExactlyInAnyOrder("apiKey", "apiKeyHeader", "jwt");
    // every operation says what security answers: 401, 403, and 404 where it names a resource
    for (String path : live.path("paths").propertyNames()) {
      for (String method : live.path("paths").path(path).propertyNames()) {
        JsonNode responses = doc.path("paths").path(path).path(method).path("responses");
        assertThat(responses.propertyNames())
            .as("%s %s", method, path)
            .contains("401", "403")
            .containsAll(path.contains("{") ? List.of("404") : List.of())
            .containsExactlyInAnyOrderElementsOf(
                live.path("paths").path(path).path(method).path("responses").propertyNames());
      }
    }
  }

  private HttpResponse<String> post(String json) throws Exception {
    return post("/v1/jobs", json);
  }

  private HttpResponse<String> post(String path, String json) throws Exception {
    return post(path, json, "e2e");
  }

  private HttpResponse<String> post(String path, String json, String studio) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + path))
            .header("Authorization", "Bearer " + platform.apiKey(studio))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return get(path, "e2e");
  }

  private HttpResponse<String> get(String path, String studio) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + path))
            .header("Authorization", "Bearer " + platform.apiKey(studio))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * A worker told to preload its pool's model (the chart does) loads it before it first reports for
   * work: the start-up the autoscaler learns, pod created to first report, includes the model's
   * download and load, and a worker still loading is never counted an idle GPU.
   */
  @Test
  void aWorkerThatPreloadsItsModelReportsForWorkOnlyOnceTheModelIsLoaded() throws Exception {
    try (var inbox =
        new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(
            Map.of("bootstrap.servers", platform.bootstrapServers()),
            new org.apache.kafka.common.serialization.StringDeserializer(),
            new org.apache.kafka.common.serialization.StringDeserializer())) {
      var partitions =
          inbox.partitionsFor(Topics.SCHEDULER_INBOX.name()).stream()
              .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition()))
              .toList();
      inbox.assign(partitions);
      inbox.seekToEnd(partitions);
      partitions.forEach(inbox::position); // from here on, before the worker exists

      // a pool of its own, so it takes none of the other tests' shards
      var worker =
          platform.startWorker(
              "w-preload",
              Map.of(
                  "previs.worker.pool", "preload",
                  "previs.worker.preload-model", "previs-oracle"));
      try {
        var pipelines = worker.context().getBean(io.previs.worker.render.Pipelines.class);
        String atFirstReport =
            await()
                .atMost(Duration.ofSeconds(60))
                .until(
                    () -> {
                      for (var r : inbox.poll(Duration.ofMillis(200))) {
                        if ("w-preload".equals(r.key())) {
                          return java.util.Optional.ofNullable(pipelines.loadedModel())
                              .orElse("nothing loaded");
                        }
                      }
                      return null;
                    },
                    java.util.Objects::nonNull);
        assertThat(atFirstReport).isEqualTo("previs-oracle");
      } finally {
        platform.stop("w-preload");
      }
    }
  }

  @Test
  void aJobsGpuSecondsAreItsShardsAndTheStudiosDailyUsageAddsThemUp() throws Exception {
    // given: the only job of a studio, two variants
    String clientJobId = "billing-" + UUID.randomUUID();
    HttpResponse<String> posted =
        post(
            "/v1/jobs",
            Jobs.request("e2e-billing", clientJobId, "a lantern swings in the wind", 2),
            "e2e-billing");
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
    String jobId = JSON.readTree(posted.body()).path("jobId").asString();
    awaitFinished(jobId);

    // then: the job bills exactly what its shards reported
    double shards =
        rec.where(Topics.SHARDS_RENDERED.name(), r -> jobId.equals(r.key())).stream()
            .map(r -> PrevisJson.mapper().readValue(r.value(), ShardRendered.class))
            .mapToDouble(r -> r.usage().deviceSeconds())
            .sum();
    assertThat(shards).isPositive();
    JsonNode job = JSON.readTree(get("/v1/jobs/" + jobId, "e2e-billing").body()).path("job");
    assertThat(job.path("usage").path("deviceSeconds").asDouble()).isCloseTo(shards, within(1e-9));
    assertThat(job.path("usage").path("byVariant").size()).isEqualTo(2);

    // and the studio's usage for the day is that job's, in JSON and in CSV
    String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    JsonNode rows =
        JSON.readTree(get("/v1/usage?from=" + today + "&to=" + today, "e2e-billing").body());
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).path("studio").asString()).isEqualTo("e2e-billing");
    assertThat(rows.get(0).path("shards").asInt()).isEqualTo(2);
    assertThat(rows.get(0).path("deviceSeconds").asDouble()).isCloseTo(shards, within(1e-9));
    String csv = get("/v1/usage?format=csv&from=" + today, "e2e-billing").body();
    assertThat(csv.lines())
        .containsExactly(
            "day,studio,model,pool,shards,gpu_seconds",
            today
                + ",e2e-billing,previs-oracle,default,2,"
                + String.format(java.util.Locale.ROOT, "%.3f", shards));

    // and another studio sees none of it
    assertThat(
            JSON.readTree(get("/v1/usage?from=" + today + "&to=" + today, "e2e").body()).toString())
        .doesNotContain("e2e-billing");
  }
}
