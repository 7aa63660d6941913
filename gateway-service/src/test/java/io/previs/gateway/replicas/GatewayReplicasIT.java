package io.previs.gateway.replicas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.JobIds;
import io.previs.contracts.job.Stage;
import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.topics.Topics;
import io.previs.gateway.GatewayApplication;
import io.previs.gateway.testing.TopicLog;
import io.previs.localstack.LocalKafka;
import io.previs.localstack.LocalS3;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two gateway replicas on a real broker and a real S3 server, as a deployment runs them: a client
 * reads its own writes on either replica, one job is accepted once whatever key its submissions
 * carry and whichever replica they reach, terminal jobs are counted by outcome, and bad bodies get
 * a clear 4xx.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayReplicasIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String KEY_ID = "0a1b2c3d4e5f";
  private static final String KEY_SECRET = "replicas-test-secret-0123456789abcdefghijkl";
  private static final String KEY = "pvk_" + KEY_ID + "_" + KEY_SECRET;

  @TempDir static Path tmp;
  private LocalKafka kafka;
  private LocalS3 s3;
  private ConfigurableApplicationContext a;
  private ConfigurableApplicationContext b;
  private TopicLog events;
  private KafkaProducer<String, byte[]> studio;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  void start() throws Exception {
    kafka = LocalKafka.start(0, 15_000);
    s3 = LocalS3.start(tmp.resolve("s3"), 0, "ak", "sk-secret-key");
    MinioClient minio =
        MinioClient.builder().endpoint(s3.endpoint()).credentials("ak", "sk-secret-key").build();
    minio.makeBucket(io.minio.MakeBucketArgs.builder().bucket("previs").build());
    byte[] manifest =
        """
        {"formatVersion":1,"id":"previs-oracle","vae":{"temporalStride":4},
         "scheduler":{"steps":40},
         "video":{"sizes":["832x480","320x192"],"minFrames":5,"maxFrames":241,"fps":16,
                  "defaultNegativePrompt":"blurry"}}"""
            .getBytes(StandardCharsets.UTF_8);
    minio.putObject(
        PutObjectArgs.builder()
            .bucket("previs")
            .object("models/previs-oracle/manifest.json")
            .stream(new ByteArrayInputStream(manifest), (long) manifest.length, -1L)
            .build());
    CompletableFuture<ConfigurableApplicationContext> fa =
        CompletableFuture.supplyAsync(this::gateway);
    CompletableFuture<ConfigurableApplicationContext> fb =
        CompletableFuture.supplyAsync(this::gateway);
    a = fa.join();
    b = fb.join();
    for (ConfigurableApplicationContext g : List.of(a, b)) {
      await().atMost(WAIT).until(() -> get(g, "/actuator/health/readiness").statusCode() == 200);
    }
    events = new TopicLog(kafka.bootstrapServers(), Topics.JOBS_EVENTS.name());
    studio =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers(), "linger.ms", 0),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  private ConfigurableApplicationContext gateway() {
    return GatewayApplication.builder()
        .run(
            "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
            "--previs.storage.endpoint=" + s3.endpoint(),
            "--previs.storage.access-key=ak",
            "--previs.storage.secret-key=sk-secret-key",
            "--server.port=0",
            "--spring.main.banner-mode=off",
            "--previs.security.seed-keys[0].id=" + KEY_ID,
            "--previs.security.seed-keys[0].secret=" + KEY_SECRET,
            "--previs.security.seed-keys[0].studio=acme",
            "--previs.security.seed-keys[0].name=acme-pipeline",
            "--previs.security.seed-keys[0].roles=submitter,reviewer");
  }

  @AfterAll
  void stop() throws Exception {
    if (studio != null) {
      studio.close();
    }
    if (events != null) {
      events.close();
    }
    for (ConfigurableApplicationContext g : new ConfigurableApplicationContext[] {a, b}) {
      if (g != null && g.isActive()) {
        g.close();
      }
    }
    s3.close();
    kafka.close();
  }

  @Test
  @Order(1)
  void theIdPostReturnsIsTheJobsAndEveryReplicaCanReadItAtOnce() throws Exception {
    // given: a request without a clientJobId, as a quick script sends it
    String marker = UUID.randomUUID().toString();
    String body = "{\"studio\":\"acme\",\"prompt\":\"rain on a neon street " + marker + "\"}";

    // when
    HttpResponse<String> posted = post(a, "/v1/jobs", body);

    // then: the answer names the job, and neither replica ever says 404 for it
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
    JsonNode answer = JSON.readTree(posted.body());
    String jobId = answer.path("jobId").asString();
    assertThat(jobId).isEqualTo(JobIds.jobId("acme", answer.path("clientJobId").asString()));
    assertThat(posted.headers().firstValue("location")).contains("/v1/jobs/" + jobId);
    assertThat(get(b, "/v1/jobs/" + jobId).statusCode()).isEqualTo(200);
    assertThat(get(a, "/v1/jobs/" + jobId).statusCode()).isEqualTo(200);
    assertThat(firstServerSentEvent(b, "/v1/jobs/" + jobId + "/events"))
        .startsWith("event:accepted")
        .contains(jobId);

    // and exactly one job was accepted for that request: the one the answer named
    await()
        .during(Duration.ofSeconds(2))
        .atMost(WAIT)
        .until(
            () ->
                events
                    .events(
                        e ->
                            e.type() == JobEventType.ACCEPTED
                                && e.spec() != null
                                && e.spec().shots().get(0).prompt().contains(marker))
                    .stream()
                    .map(JobEvent::jobId)
                    .toList(),
            ids -> ids.equals(List.of(jobId)));
  }

  @Test
  @Order(2)
  void oneClientJobIdUnderManyKeysOnBothReplicasIsAcceptedOnce() throws Exception {
    // given: one clientJobId sent 24 times on Kafka under 24 different keys (so on every partition)
    // and twice to each replica over REST, all at once
    String clientJobId = "sh-dup-" + UUID.randomUUID();
    String jobId = JobIds.jobId("acme", clientJobId);
    byte[] request =
        ("{\"studio\":\"acme\",\"clientJobId\":\"" + clientJobId + "\",\"prompt\":\"a duel\"}")
            .getBytes(StandardCharsets.UTF_8);
    List<CompletableFuture<HttpResponse<String>>> rest = new ArrayList<>();
    for (ConfigurableApplicationContext g : List.of(a, b, a, b)) {
      rest.add(
          CompletableFuture.supplyAsync(
              () -> postUnchecked(g, new String(request, StandardCharsets.UTF_8))));
    }
    for (int k = 0; k < 24; k++) {
      studio.send(new ProducerRecord<>(Topics.JOBS_SUBMIT.name(), "key-" + k, request));
    }
    studio.flush();

    // then: 28 decisions, one acceptance
    await().atMost(WAIT).until(() -> events.decisions(jobId).size() >= 28);
    List<JobEvent> decisions = events.decisions(jobId);
    assertThat(decisions).hasSize(28);
    assertThat(decisions.stream().filter(e -> e.type() == JobEventType.ACCEPTED)).hasSize(1);
    assertThat(decisions.stream().filter(e -> e.type() == JobEventType.DUPLICATE)).hasSize(27);
    assertThat(decisions.stream().map(JobEvent::submissionId).distinct()).hasSize(28);
    List<HttpResponse<String>> answers = rest.stream().map(CompletableFuture::join).toList();
    assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isIn(200, 202));
    assertThat(answers.stream().filter(r -> r.statusCode() == 202).count()).isLessThanOrEqualTo(1);
    assertThat(answers)
        .allSatisfy(
            r -> assertThat(JSON.readTree(r.body()).path("jobId").asString()).isEqualTo(jobId));
  }

  @Test
  @Order(3)
  void jobsThatFailAreCountedAsWellAsJobsThatComplete() throws Exception {
    // given: two accepted jobs
    String failing = accept("count-fail-" + UUID.randomUUID());
    String completing = accept("count-done-" + UUID.randomUUID());
    double failedBefore = counter(a, "failed");
    double completedBefore = counter(a, "completed");

    // when: a worker fails one and QC completes the other, as those services publish it
    publish(
        JobEvent.of(JobEventType.FAILED, failing, "acme", Instant.now())
            .withStage(Stage.RENDER)
            .withReason("shard failed: out of GPU memory"));
    publish(
        JobEvent.of(JobEventType.FAILED, failing, "acme", Instant.now())
            .withStage(Stage.RENDER)
            .withReason("a second shard of the same job failed too"));
    publish(
        JobEvent.of(JobEventType.COMPLETED, completing, "acme", Instant.now()).withStage(Stage.QC));

    // then: each replica counts each job once, by outcome
    for (ConfigurableApplicationContext g : List.of(a, b)) {
      await()
          .atMost(WAIT)
          .until(
              () ->
                  counter(g, "failed") >= failedBefore + 1
                      && counter(g, "completed") >= completedBefore + 1);
    }
    await()
        .during(Duration.ofSeconds(1))
        .atMost(WAIT)
        .until(() -> counter(a, "failed") == failedBefore + 1);
    assertThat(counter(a, "completed")).isEqualTo(completedBefore + 1);
  }

  static Stream<Arguments> badBodies() {
    return Stream.of(
        Arguments.of(
            "a duplicated key",
            "{\"studio\":\"acme\",\"studio\":\"other\",\"prompt\":\"p\"}",
            400,
            "Duplicate Object property \\\"studio\\\""),
        Arguments.of(
            "a prompt of invisible characters only",
            "{\"studio\":\"acme\",\"prompt\":\"\\u200b\\u2060\\ufeff \\u00ad\\u3164\"}",
            400,
            "prompt: must not be blank"),
        Arguments.of(
            "a lone UTF-16 surrogate",
            "{\"studio\":\"acme\",\"prompt\":\"rain \\ud800 on glass\"}",
            400,
            "the string at /prompt is not valid Unicode: lone surrogate U+D800 at character 6"),
        Arguments.of(
            "an empty label key",
            "{\"studio\":\"acme\",\"prompt\":\"p\",\"labels\":{\"\":\"x\"}}",
            400,
            "labels.: keys are 1 to 64 letters"),
        Arguments.of(
            "trailing data after the object",
            "{\"studio\":\"acme\",\"prompt\":\"p\"} {\"studio\":\"other\"}",
            400,
            "Trailing token"),
        Arguments.of(
            "an infinite duration",
            "{\"studio\":\"acme\",\"prompt\":\"p\",\"seconds\":1e400}",
            400,
            "the number at /seconds is out of range"),
        Arguments.of(
            "a control character in a prompt",
            "{\"studio\":\"acme\",\"prompt\":\"a\\u0007b\"}",
            400,
            "prompt: contains the control character U+0007 at character 2"),
        Arguments.of(
            "nesting deeper than any request",
            "{\"studio\":\"acme\",\"prompt\":\"p\",\"x\":" + "[".repeat(40) + "]".repeat(40) + "}",
            400,
            "nesting depth"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBodies")
  @Order(4)
  void badBodiesAreRefusedWithAClearAnswer(String what, String body, int status, String says)
      throws Exception {
    HttpResponse<String> r = post(a, "/v1/jobs", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("content-type"))
        .hasValueSatisfying(t -> assertThat(t).contains("json"));
    assertThat(r.body()).contains(says);
  }

  @Test
  @Order(4)
  void aTwelveMegabyteBodyIs413NamingTheLimitWithOrWithoutADeclaredLength() throws Exception {
    String big = "{\"studio\":\"acme\",\"prompt\":\"" + "a".repeat(12 * 1024 * 1024) + "\"}";
    HttpResponse<String> declared = post(a, "/v1/jobs", big);
    assertThat(declared.statusCode()).isEqualTo(413);
    assertThat(JSON.readTree(declared.body()).path("detail").asString())
        .isEqualTo(
            "body: "
                + big.length()
                + " bytes exceed the limit of 524288 bytes (previs.gateway.max-request-bytes)");

    // Without a declared length the body is cut off as it passes the limit. (Past Tomcat's 2 MiB
    // swallow limit the connection is closed mid-upload instead of answered, so 600 KiB here.)
    String over = "{\"studio\":\"acme\",\"prompt\":\"" + "a".repeat(600 * 1024) + "\"}";
    HttpRequest chunked =
        HttpRequest.newBuilder(uri(a, "/v1/jobs"))
            .header("Authorization", "Bearer " + KEY)
            .header("content-type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(over.getBytes(StandardCharsets.UTF_8))))
            .build();
    HttpResponse<String> streamed = http.send(chunked, HttpResponse.BodyHandlers.ofString());
    assertThat(streamed.statusCode()).as(streamed.body()).isEqualTo(413);
    assertThat(streamed.body()).contains("exceed the limit of 524288 bytes");
  }

  @Test
  @Order(4)
  void aKafkaSubmissionWithADuplicatedKeyIsDeadLetteredNotAdmitted() throws Exception {
    try (TopicLog dlt = new TopicLog(kafka.bootstrapServers(), Topics.JOBS_SUBMIT.deadLetter())) {
      String clientJobId = "dupkey-" + UUID.randomUUID();
      studio
          .send(
              new ProducerRecord<>(
                  Topics.JOBS_SUBMIT.name(),
                  clientJobId,
                  ("{\"studio\":\"acme\",\"clientJobId\":\""
                          + clientJobId
                          + "\",\"prompt\":\"p\",\"prompt\":\"q\"}")
                      .getBytes(StandardCharsets.UTF_8)))
          .get();
      await()
          .atMost(WAIT)
          .until(() -> dlt.all().stream().anyMatch(r -> clientJobId.equals(r.key())));
      var dead =
          dlt.all().stream().filter(r -> clientJobId.equals(r.key())).findFirst().orElseThrow();
      assertThat(
              new String(
                  dead.raw().headers().lastHeader("previs_dlt_reason").value(),
                  StandardCharsets.UTF_8))
          .contains("Duplicate Object property \"prompt\"");
      assertThat(events.decisions(JobIds.jobId("acme", clientJobId))).isEmpty();
    }
  }

  @Test
  @Order(5)
  void whenAReplicaGoesAwayTheOtherDecidesAndKnowsEverythingItDecided() throws Exception {
    // given: jobs accepted while both replicas shared the intake partitions
    List<String> clientJobIds = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String c = "handover-" + i + "-" + UUID.randomUUID();
      accept(c);
      clientJobIds.add(c);
    }

    // when: replica A goes away, and every job is submitted again
    a.close();
    for (String c : clientJobIds) {
      studio.send(
          new ProducerRecord<>(
              Topics.JOBS_SUBMIT.name(),
              "again-" + c,
              ("{\"studio\":\"acme\",\"clientJobId\":\"" + c + "\",\"prompt\":\"p\"}")
                  .getBytes(StandardCharsets.UTF_8)));
    }
    studio.flush();

    // then: B decides them all, as duplicates
    for (String c : clientJobIds) {
      String jobId = JobIds.jobId("acme", c);
      await().atMost(WAIT).until(() -> events.decisions(jobId).size() == 2);
      assertThat(events.decisions(jobId))
          .extracting(JobEvent::type)
          .containsExactly(JobEventType.ACCEPTED, JobEventType.DUPLICATE);
    }
  }

  private String accept(String clientJobId) throws Exception {
    HttpResponse<String> r =
        post(
            b,
            "/v1/jobs",
            "{\"studio\":\"acme\",\"clientJobId\":\"" + clientJobId + "\",\"prompt\":\"p\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return JSON.readTree(r.body()).path("jobId").asString();
  }

  private void publish(JobEvent e) throws Exception {
    studio
        .send(
            new ProducerRecord<>(
                Topics.JOBS_EVENTS.name(), e.jobId(), PrevisJson.mapper().writeValueAsBytes(e)))
        .get();
  }

  private double counter(ConfigurableApplicationContext g, String outcome) throws Exception {
    String text = get(g, "/actuator/prometheus").body();
    Matcher m =
        Pattern.compile(
                "previs_jobs_completed_total\\{[^}]*outcome=\""
                    + outcome
                    + "\"[^}]*} ([0-9.eE+-]+)")
            .matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private String firstServerSentEvent(ConfigurableApplicationContext g, String path)
      throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(uri(g, path))
            .header("accept", "text/event-stream")
            .header("Authorization", "Bearer " + KEY)
            .GET()
            .build();
    HttpResponse<Stream<String>> r = http.send(req, HttpResponse.BodyHandlers.ofLines());
    assertThat(r.statusCode()).isEqualTo(200);
    try (Stream<String> lines = r.body()) {
      return CompletableFuture.supplyAsync(
              () -> {
                StringBuilder event = new StringBuilder();
                for (var it = lines.iterator(); it.hasNext(); ) {
                  String line = it.next();
                  if (line.isEmpty() && !event.isEmpty()) {
                    return event.toString();
                  }
                  event.append(line).append('\n');
                }
                return event.toString();
              })
          .get(10, TimeUnit.SECONDS);
    }
  }

  private URI uri(ConfigurableApplicationContext g, String path) {
    int port = ((WebServerApplicationContext) g).getWebServer().getPort();
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private HttpResponse<String> get(ConfigurableApplicationContext g, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(g, path)).header("Authorization", "Bearer " + KEY).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(ConfigurableApplicationContext g, String path, String body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(g, path))
            .header("Authorization", "Bearer " + KEY)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> postUnchecked(ConfigurableApplicationContext g, String body) {
    try {
      return post(g, "/v1/jobs", body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
