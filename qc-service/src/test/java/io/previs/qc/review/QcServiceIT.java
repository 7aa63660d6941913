package io.previs.qc.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.previs.contracts.cloudevents.CloudEventHeaders;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.JobIds;
import io.previs.contracts.job.JobSpec;
import io.previs.contracts.job.JobSpec.ShotSpec;
import io.previs.contracts.job.Priority;
import io.previs.contracts.job.RenderRequest;
import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.qc.QcEvent;
import io.previs.contracts.storage.ObjectKeys;
import io.previs.contracts.topics.Topics;
import io.previs.contracts.video.VideoReady;
import io.previs.localstack.LocalKafka;
import io.previs.localstack.LocalS3;
import io.previs.qc.QcApplication;
import io.previs.servicekit.kafka.JsonOrBytesSerializer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The QC service on a real broker and a real S3 server: verdicts are acted on (a failed clip is
 * rendered again with a new seed, a bounded number of times; a doubtful one is flagged for a
 * person), studio profiles change thresholds, an invalid profile fails the job with the field
 * named, and clip scores become metrics.
 */
class QcServiceIT {

  static final Set<Integer> BLACK = Set.of(12, 13, 14);

  @TempDir static Path tmp;
  static LocalKafka kafka;
  static LocalS3 s3;
  static MinioClient minio;
  static ConfigurableApplicationContext app;
  static KafkaProducer<String, Object> producer;
  static Recorder recorder;
  static Path cleanClip;
  static Path blackClip;

  @BeforeAll
  static void start() throws Exception {
    kafka = LocalKafka.start(0, 15_000);
    s3 = LocalS3.start(tmp.resolve("s3"), 0, "ak", "sk-secret");
    minio = MinioClient.builder().endpoint(s3.endpoint()).credentials("ak", "sk-secret").build();
    app =
        QcApplication.builder()
            .run(
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--previs.storage.endpoint=" + s3.endpoint(),
                "--previs.storage.access-key=ak",
                "--previs.storage.secret-key=sk-secret",
                "--server.port=0",
                "--previs.qc.max-regenerations=2",
                "--previs.qc.work-dir=" + tmp.resolve("work"));
    producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new StringSerializer(),
            new JsonOrBytesSerializer());
    recorder = new Recorder(kafka.bootstrapServers());
    cleanClip = SyntheticClips.pan(tmp.resolve("clean.mp4"), 33, Set.of());
    blackClip = SyntheticClips.pan(tmp.resolve("black.mp4"), 33, BLACK);
  }

  @AfterAll
  static void stop() throws Exception {
    recorder.close();
    producer.close();
    app.close();
    s3.close();
    kafka.close();
  }

  @Test
  void aFailedClipIsRenderedAgainAsAJobOfItsOwnWithANewSeed() throws Exception {
    String jobId = deliver("acme", "sh010-fail", blackClip, Map.of("show", "nightfall"));

    QcEvent verdict = verdict(jobId);
    assertThat(verdict.verdict()).isEqualTo("fail");
    assertThat(verdict.action()).isEqualTo("regenerate");
    String regenId = JobIds.jobId("acme", "regen/" + jobId + "/v0/1");
    assertThat(verdict.regenerationJobId()).isEqualTo(regenId);
    QcEvent black =
        recorder.qc(jobId, e -> "similarity.black".equals(e.check())).stream().findFirst().get();
    assertThat(black.severity()).isEqualTo("critical");
    assertThat(black.frameStart()).isBetween(11, 12);
    assertThat(black.frameEnd()).isBetween(14, 15);

    ConsumerRecord<String, byte[]> submitted =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> recorder.one(Topics.JOBS_REGENERATE.name(), regenId), r -> r != null);
    RenderRequest req = PrevisJson.mapper().readValue(submitted.value(), RenderRequest.class);
    assertThat(req.clientJobId()).isEqualTo("regen/" + jobId + "/v0/1");
    assertThat(req.variants()).isEqualTo(1);
    assertThat(req.seed()).isNotEqualTo(4242L).isBetween(0L, (1L << 53) - 1);
    assertThat(req.shots())
        .extracting(RenderRequest.ShotRequest::prompt)
        .containsExactly("a lighthouse at night, waves breaking");
    assertThat(req.shots().get(0).frames()).isEqualTo(33);
    assertThat(req.width()).isEqualTo(SyntheticClips.WIDTH);
    assertThat(req.modelId()).isEqualTo("previs-oracle");
    assertThat(req.labels())
        .containsEntry("show", "nightfall")
        .containsEntry("previs.regeneration.of", jobId)
        .containsEntry("previs.regeneration.parent", jobId)
        .containsEntry("previs.regeneration.variant", "0")
        .containsEntry("previs.regeneration.attempt", "1");
    assertThat(header(submitted, CloudEventHeaders.TYPE)).endsWith(".regeneration");

    JobEvent requested = recorder.job(jobId, JobEventType.REGENERATION_REQUESTED).get(0);
    assertThat(requested.regeneration().jobId()).isEqualTo(regenId);
    assertThat(requested.regeneration().seed()).isEqualTo(req.seed());
    assertThat(requested.regeneration().maxAttempts()).isEqualTo(2);
    assertThat(requested.reason()).contains("failed QC").contains("black");
    JobEvent completed =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> recorder.job(jobId, JobEventType.COMPLETED), l -> !l.isEmpty())
            .get(0);
    assertThat(completed.outputs()).singleElement().extracting(o -> o.verdict()).isEqualTo("fail");
    assertThat(exists(ObjectKeys.qcReport("acme", jobId, 0))).isTrue();
    assertThat(exists(ObjectKeys.qcSeries("acme", jobId, 0))).isTrue();

    // a redelivered clip is not checked again and asks for nothing new
    send(ready("acme", jobId, 0, 4242));
    Thread.sleep(3000);
    assertThat(recorder.qc(jobId, e -> e.kind() == QcEvent.Kind.VERDICT)).hasSize(1);
    assertThat(recorder.all(Topics.JOBS_REGENERATE.name(), regenId)).hasSize(1);
  }

  @Test
  void theLastAllowedAttemptIsFinal() throws Exception {
    String root = JobIds.jobId("acme", "sh020");
    String jobId =
        deliver(
            "acme",
            "regen/" + root + "/v1/2",
            blackClip,
            Map.of(
                "previs.regeneration.of", root,
                "previs.regeneration.variant", "1",
                "previs.regeneration.attempt", "2"));

    QcEvent verdict = verdict(jobId);
    assertThat(verdict.verdict()).isEqualTo("fail");
    assertThat(verdict.action()).isEqualTo("exhausted");
    assertThat(verdict.regenerationJobId()).isNull();
    assertThat(
            recorder.all(
                Topics.JOBS_REGENERATE.name(), JobIds.jobId("acme", "regen/" + root + "/v1/3")))
        .isEmpty();
    assertThat(recorder.job(jobId, JobEventType.REGENERATION_REQUESTED)).isEmpty();
    JobEvent qcDone =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> recorder.job(jobId, JobEventType.STAGE_COMPLETED), l -> !l.isEmpty())
            .get(0);
    assertThat(qcDone.reason()).contains("fail").contains("used up (2 of 2)");
  }

  @Test
  void aStudioProfileTurnsTheFailIntoAReviewForAPerson() throws Exception {
    put(
        ObjectKeys.qcProfile("lenient"),
        "{\"profile\": \"lenient\", \"verdict\": {\"severity\": {\"similarity.black\": \"warning\"}}}");
    String jobId = deliver("lenient", "sh030", blackClip, Map.of());

    QcEvent verdict = verdict(jobId);
    assertThat(verdict.verdict()).isEqualTo("review");
    assertThat(verdict.action()).isEqualTo("review");
    JobEvent review =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> recorder.job(jobId, JobEventType.REVIEW_REQUESTED), l -> !l.isEmpty())
            .get(0);
    assertThat(review.review().decision()).isEqualTo("pending");
    assertThat(review.review().variant()).isZero();
    assertThat(review.review().reasons()).anyMatch(r -> r.contains("black"));
    String report =
        new String(
            minio
                .getObject(
                    io.minio.GetObjectArgs.builder()
                        .bucket("previs")
                        .object(ObjectKeys.qcReport("lenient", jobId, 0))
                        .build())
                .readAllBytes(),
            StandardCharsets.UTF_8);
    assertThat(report).contains("\"profile\" : \"lenient\"");
  }

  @Test
  void aClipShowingAFaceOpsProtectHeldForOpsWithTheMatchAndAStudiosGalleryIsItsOwn()
      throws Exception {
    Path faceClip = SyntheticClips.face(tmp.resolve("face.mp4"), 33);
    // a studio's own talent: only that studio's clips are checked against it
    minio.uploadObject(
        UploadObjectArgs.builder()
            .bucket("previs")
            .object("policy/studios/talent/faces/eileen-collins/portrait.png")
            .filename("src/test/resources/astronaut.png")
            .build());
    String other = deliver("elsewhere", "sh060", faceClip, Map.of());
    assertThat(verdict(other).action()).isNotEqualTo("hold");

    // when: the studio whose talent it is renders a clip with that face in it
    String jobId = deliver("talent", "sh061", faceClip, Map.of());

    // then: QC holds the variant for ops, before its verdict, naming whom it resembles
    QcEvent verdict = verdict(jobId);
    assertThat(verdict.action()).isEqualTo("hold");
    JobEvent held =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> recorder.job(jobId, JobEventType.REVIEW_REQUESTED), l -> !l.isEmpty())
            .get(0);
    assertThat(held.review().hold()).isEqualTo("likeness");
    assertThat(held.review().decision()).isEqualTo("pending");
    assertThat(held.review().reasons())
        .singleElement()
        .asString()
        .contains("protected person 'eileen-collins'");
    assertThat(recorder.qc(jobId, e -> "face.likeness".equals(e.check()))).hasSize(1);
    assertThat(recorder.job(other, JobEventType.REVIEW_REQUESTED))
        .noneMatch(e -> e.review().hold() != null);
  }

  @Test
  void anInvalidStudioProfileFailsTheJobNamingTheFieldAndTheLimit() throws Exception {
    put(ObjectKeys.qcProfile("broken"), "{\"similarity\": {\"blackFrameRatio\": 7}}");
    String jobId = deliver("broken", "sh040", cleanClip, Map.of());

    JobEvent failed =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> recorder.job(jobId, JobEventType.FAILED), l -> !l.isEmpty())
            .get(0);
    assertThat(failed.reason())
        .contains("qc-profiles/broken.json")
        .contains("similarity.blackFrameRatio")
        .contains("0.5");
    assertThat(exists(ObjectKeys.qcReport("broken", jobId, 0))).isFalse();
  }

  @Test
  void aStormShotExpectsItsLightningAndTheSameClipUnderACalmPromptGoesToAPerson() throws Exception {
    Path lightning =
        SyntheticClips.pan(tmp.resolve("lightning.mp4"), 48, Set.of(), Set.of(14, 15, 32, 33));

    String storm = deliver("acme", "sh030-storm", lightning, Map.of(), "闪电划破夜空，雷雨中的城市");
    String calm = deliver("acme", "sh031-calm", lightning, Map.of(), "a calm morning, old town");

    // the storm passes: its two flashes are findings still, as info, and nothing is regenerated
    QcEvent stormVerdict = verdict(storm);
    assertThat(stormVerdict.verdict()).isEqualTo("pass");
    assertThat(recorder.qc(storm, e -> "similarity.flash".equals(e.check())))
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.severity()).isEqualTo("info"));
    assertThat(recorder.qc(storm, e -> "similarity.cut".equals(e.check()))).isEmpty();
    // and its report says why: the expectation, the word that set it and the check it relaxed
    var report = PrevisJson.mapper().readTree(get(stormVerdict.reportKey()));
    assertThat(report.at("/clip/expectations/0/name").asText()).isEqualTo("flashes");
    assertThat(report.at("/clip/expectations/0/term").asText()).isEqualTo("闪电");
    assertThat(report.at("/clip/expectations/0/checks/0").asText()).isEqualTo("similarity.flash");

    // the same clip asked to be calm: a person looks at the flashes
    QcEvent calmVerdict = verdict(calm);
    assertThat(calmVerdict.verdict()).isEqualTo("review");
    assertThat(calmVerdict.reasons()).anySatisfy(r -> assertThat(r).contains("similarity.flash"));
    assertThat(PrevisJson.mapper().readTree(get(calmVerdict.reportKey())).at("/clip/expectations"))
        .isEmpty();
  }

  @Test
  void aCleanClipPassesAndItsScoresBecomeMetrics() throws Exception {
    String jobId = deliver("acme", "sh050-clean", cleanClip, Map.of());

    QcEvent verdict = verdict(jobId);
    assertThat(verdict.reasons()).isEmpty();
    assertThat(verdict.verdict()).isEqualTo("pass");
    assertThat(verdict.action()).isEqualTo("none");
    assertThat(
            recorder.qc(jobId, e -> e.kind() == QcEvent.Kind.FINDING).stream()
                .filter(f -> !"info".equals(f.severity())))
        .isEmpty();
    MeterRegistry registry = app.getBean(MeterRegistry.class);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              var ssim = registry.find("previs.qc.score").tag("score", "ssim_median").summary();
              assertThat(ssim).isNotNull();
              assertThat(ssim.count()).isPositive();
              assertThat(ssim.max()).isBetween(0.5, 1.0);
              assertThat(
                      registry
                          .find("previs.qc.verdicts")
                          .tags("verdict", "pass", "studio", "acme")
                          .counter())
                  .isNotNull();
            });
  }

  // --- helpers -------------------------------------------------------------------------------

  /**
   * Stores a clip, its ready marker and its job spec as the other services would, then sends it.
   */
  private static String deliver(
      String studio, String clientJobId, Path clip, Map<String, String> labels) throws Exception {
    return deliver(studio, clientJobId, clip, labels, "a lighthouse at night, waves breaking");
  }

  private static String deliver(
      String studio, String clientJobId, Path clip, Map<String, String> labels, String prompt)
      throws Exception {
    String jobId = JobIds.jobId(studio, clientJobId);
    long seed = 4242;
    JobSpec spec =
        new JobSpec(
            studio,
            clientJobId,
            List.of(new ShotSpec(0, prompt, "blurry", 33)),
            1,
            SyntheticClips.FPS,
            SyntheticClips.WIDTH,
            SyntheticClips.HEIGHT,
            seed,
            null,
            null,
            "previs-oracle",
            Priority.HIGH,
            labels,
            1,
            Instant.now());
    put(
        ObjectKeys.spec(studio, jobId),
        new String(PrevisJson.mapper().writeValueAsBytes(spec), StandardCharsets.UTF_8));
    minio.uploadObject(
        UploadObjectArgs.builder()
            .bucket("previs")
            .object(ObjectKeys.video(studio, jobId, 0))
            .filename(clip.toString())
            .build());
    VideoReady v = ready(studio, jobId, 0, seed, prompt);
    put(
        ObjectKeys.readyMarker(studio, jobId, 0),
        new String(PrevisJson.mapper().writeValueAsBytes(v), StandardCharsets.UTF_8));
    send(v);
    return jobId;
  }

  private static VideoReady ready(String studio, String jobId, int variant, long seed) {
    return ready(studio, jobId, variant, seed, "a lighthouse at night, waves breaking");
  }

  private static VideoReady ready(
      String studio, String jobId, int variant, long seed, String prompt) {
    return new VideoReady(
        VideoReady.SCHEMA_VERSION,
        jobId,
        studio,
        variant,
        1,
        seed,
        "previs-oracle",
        prompt,
        ObjectKeys.video(studio, jobId, variant),
        ObjectKeys.poster(studio, jobId, variant),
        null,
        null,
        null,
        33,
        SyntheticClips.WIDTH,
        SyntheticClips.HEIGHT,
        SyntheticClips.FPS,
        33.0 / SyntheticClips.FPS,
        null,
        null);
  }

  private static void send(VideoReady v) throws Exception {
    producer.send(new ProducerRecord<>(Topics.VIDEOS_READY.name(), v.jobId(), v)).get();
  }

  private static QcEvent verdict(String jobId) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> recorder.qc(jobId, e -> e.kind() == QcEvent.Kind.VERDICT), l -> !l.isEmpty())
        .get(0);
  }

  private static void put(String key, String json) throws Exception {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    minio.putObject(
        PutObjectArgs.builder().bucket("previs").object(key).stream(
                new ByteArrayInputStream(b), (long) b.length, -1L)
            .build());
  }

  private static byte[] get(String key) throws Exception {
    try (var in =
        minio.getObject(io.minio.GetObjectArgs.builder().bucket("previs").object(key).build())) {
      return in.readAllBytes();
    }
  }

  private static boolean exists(String key) {
    try {
      minio.statObject(StatObjectArgs.builder().bucket("previs").object(key).build());
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static String header(ConsumerRecord<String, byte[]> r, String name) {
    var h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /** Everything on the topics the service writes, read from the start. */
  static final class Recorder implements AutoCloseable {
    private final List<ConsumerRecord<String, byte[]>> records = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private final Thread thread;

    Recorder(String bootstrap) {
      thread =
          Thread.ofPlatform()
              .daemon(true)
              .start(
                  () -> {
                    try (KafkaConsumer<String, byte[]> c =
                        new KafkaConsumer<>(
                            Map.of(
                                "bootstrap.servers", bootstrap,
                                "group.id", "qc-test-recorder",
                                "auto.offset.reset", "earliest",
                                "metadata.max.age.ms", "1000"),
                            new StringDeserializer(),
                            new ByteArrayDeserializer())) {
                      c.subscribe(
                          List.of(
                              Topics.QC_EVENTS.name(),
                              Topics.JOBS_EVENTS.name(),
                              Topics.JOBS_REGENERATE.name()));
                      while (running) {
                        c.poll(Duration.ofMillis(200)).forEach(records::add);
                      }
                    }
                  });
    }

    List<ConsumerRecord<String, byte[]>> all(String topic, String key) {
      return records.stream().filter(r -> r.topic().equals(topic) && key.equals(r.key())).toList();
    }

    ConsumerRecord<String, byte[]> one(String topic, String key) {
      List<ConsumerRecord<String, byte[]>> l = all(topic, key);
      return l.isEmpty() ? null : l.get(0);
    }

    List<QcEvent> qc(String jobId, Predicate<QcEvent> filter) {
      return all(Topics.QC_EVENTS.name(), jobId).stream()
          .map(r -> PrevisJson.mapper().readValue(r.value(), QcEvent.class))
          .filter(filter)
          .toList();
    }

    List<JobEvent> job(String jobId, JobEventType type) {
      return all(Topics.JOBS_EVENTS.name(), jobId).stream()
          .map(r -> PrevisJson.mapper().readValue(r.value(), JobEvent.class))
          .filter(e -> e.type() == type)
          .toList();
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join(5000);
    }
  }
}
